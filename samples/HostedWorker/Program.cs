// PromptForge inside an existing Generic Host worker: DI registration, options from appsettings.json, console logging
// and cancellation on shutdown (Ctrl+C saves the run; set Worker:ResumeRunId to continue it).
// It runs offline on the PromptForge simulator, a rule-based stand-in for a model: nothing it logs measures a real model.
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

// The model. Here the offline simulator; with a real provider register its IChatClient instead, for example
// (package Microsoft.Extensions.AI.OpenAI):
//   builder.Services.AddSingleton<IChatClient>(new OpenAI.Chat.ChatClient("gpt-4o-mini", apiKey).AsIChatClient()
//       .WithResilience().WithResponseCache());
// A cheap task model and a strong optimizer: keyed clients override the default one for their role.
//   builder.Services.AddKeyedSingleton<IChatClient>(PromptForgeServiceKeys.TaskClient, cheapClient);
//   builder.Services.AddKeyedSingleton<IChatClient>(PromptForgeServiceKeys.UpdaterClient, strongClient);
var simulatorOptions = builder.Configuration.GetSection("Simulator").Get<SimulatedChatClientOptions>() ?? new SimulatedChatClientOptions();
simulatorOptions.Behaviors.Add(SipdoSimulation.Behavior);
builder.Services.AddSingleton<IChatClient>(new SimulatedChatClient(simulatorOptions));

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
