// PromptForge inside an existing Generic Host worker: DI registration, options from appsettings.json, console logging
// and cancellation on shutdown (Ctrl+C saves the run; set Worker:ResumeRunId to continue it).
// It runs offline on the PromptForge simulator, a rule-based stand-in for a model: nothing it logs measures a real model.
// The simulator sits behind the same services.AddChatClient(...) pipeline a real provider would (telemetry, response
// cache, retries, rate limits), so swapping in a real IChatClient changes one line.
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PromptForge;
using PromptForge.Sipdo;
using PromptForge.Simulation;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory, // appsettings.json and data/ next to the program, wherever it is started from
});

builder.Services.AddOptions<WorkerOptions>()
    .Bind(builder.Configuration.GetSection(WorkerOptions.SectionName))
    .ValidateDataAnnotations()
    .ValidateOnStart();

// The model, as a Microsoft.Extensions.AI pipeline: PromptForge's stages compose with ME.AI's own (the stage added first is
// the outermost). The inner client here is the offline simulator; with a real provider pass its IChatClient instead, for
// example new OpenAI.Chat.ChatClient("gpt-4o-mini", apiKey).AsIChatClient() (package Microsoft.Extensions.AI.OpenAI).
// A cheap task model and a strong optimizer: keyed clients override the default one for their role, with the same stages:
//   builder.Services.AddKeyedChatClient(PromptForgeServiceKeys.TaskClient, cheapClient).UseResilience();
var simulatorOptions = builder.Configuration.GetSection("Simulator").Get<SimulatedChatClientOptions>() ?? new SimulatedChatClientOptions();
simulatorOptions.Behaviors.Add(SipdoSimulation.Behavior);
var chatClient = builder.Configuration.GetSection("ChatClient");
builder.Services.AddChatClient(new SimulatedChatClient(simulatorOptions))
    .UseOpenTelemetry()                                                                   // ME.AI: gen_ai traces and metrics
    .UsePromptForgeLogging()                                                              // one Debug line per call: role, tokens, duration, cache hit
    .UseResponseCache(configure: o => chatClient.GetSection("ResponseCache").Bind(o))     // a resumed or repeated run replays completed calls
    .UseResilience(o => chatClient.GetSection("Resilience").Bind(o))                      // retries 408/429/5xx honoring Retry-After
    .UseRateLimiting(o => chatClient.GetSection("RateLimits").Bind(o));                   // inside the retry: every attempt takes a permit

// PromptForge:Loop (seed, concurrency, budget, per-role settings) and PromptForge:RunsDirectory come from
// appsettings.json and are validated on start; the SIPDO loop is registered under the name "sipdo".
builder.Services.AddPromptForge(builder.Configuration)
    .AddSipdo(
        services =>
        {
            var path = Path.Combine(AppContext.BaseDirectory, services.GetRequiredService<IOptions<WorkerOptions>>().Value.TaskFile);
            return TaskFiles.Parse(path, File.ReadAllText(path));
        },
        sipdo => builder.Configuration.GetSection("Sipdo").Bind(sipdo));

builder.Services.AddHostedService<PromptOptimizationWorker>();

await builder.Build().RunAsync();
