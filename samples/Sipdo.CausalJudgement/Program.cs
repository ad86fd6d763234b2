// SIPDO on BIG-bench causal judgement. By default it runs offline on the PromptForge simulator: every figure it then
// prints is a simulator result (a rule-based stand-in for a model), never a measurement of a real model's quality.
// To run on an OpenAI-compatible endpoint, set PROMPTFORGE_ENDPOINT and PROMPTFORGE_MODEL (key in OPENAI_API_KEY) and
// CreateEndpointChatClient below builds an OpenAI-compatible client for it (see README.md).
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using PromptForge;
using PromptForge.Sipdo;
using PromptForge.Simulation;

const string InitialPrompt = "Answer the question about causation with Yes or No.";
var levels = int.TryParse(Environment.GetEnvironmentVariable("SIPDO_LEVELS"), CultureInfo.InvariantCulture, out var l) ? l : 10;
var seed = int.TryParse(Environment.GetEnvironmentVariable("SIPDO_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 42;
var runsDirectory = Environment.GetEnvironmentVariable("SIPDO_RUNS_DIR") is { Length: > 0 } dir ? dir : "runs";

// Choose the model: the simulator unless an endpoint is configured.
IChatClient chatClient;
string modelId;
var endpoint = Environment.GetEnvironmentVariable("PROMPTFORGE_ENDPOINT");
if (string.IsNullOrWhiteSpace(endpoint))
{
    chatClient = new SimulatedChatClient(new SimulatedChatClientOptions { Seed = seed, Behaviors = { SipdoSimulation.Behavior } });
    modelId = SimulatorInfo.DefaultModelId;
}
else
{
    modelId = Environment.GetEnvironmentVariable("PROMPTFORGE_MODEL") ?? string.Empty;
    if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri) || modelId.Length == 0)
    {
        Console.Error.WriteLine("PROMPTFORGE_ENDPOINT must be an absolute URL and PROMPTFORGE_MODEL must name the model.");
        return 2;
    }

    // The key is read here and handed to the client only: it is never printed, logged or saved with the run.
    var endpointClient = CreateEndpointChatClient(endpointUri, modelId, Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
    if (endpointClient is null)
    {
        Console.Error.WriteLine($"PROMPTFORGE_ENDPOINT is set ({endpointUri}, model {modelId}), but no chat client could be created for it.");
        Console.Error.WriteLine("Set OPENAI_API_KEY, or unset PROMPTFORGE_ENDPOINT to run on the offline simulator. Nothing was run.");
        return 2;
    }

    chatClient = endpointClient;
}

var store = new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = runsDirectory });
var dataFile = Path.Combine(AppContext.BaseDirectory, "data", "causal_judgement.json");
var task = (await TaskFiles.LoadAsync(dataFile)).SplitHeldOut(0.5, seed);
Console.WriteLine($"Task {task.Name}: {task.Examples.Count} real examples for the loop, {task.HeldOut.Count} held out for evaluation (seed {seed}).");

using (chatClient)
{
    var simulated = chatClient is SimulatedChatClient;
    var results = simulated ? $"[{SimulatorInfo.Label}] simulator results" : $"model {modelId} results";
    Console.WriteLine(simulated
        ? $"Model: the offline simulator ({results})."
        : $"Model: {modelId} at {endpoint}.");

    var started = Stopwatch.GetTimestamp();
    RunResult run;
    try
    {
        run = await PromptLoop.Create()
            .WithChatClient(chatClient)
            .WithSeed(seed)
            .WithMaxConcurrency(4)
            .WithBudget(new LoopBudget { MaxCalls = 2_000 })
            .WithRunStore(store)
            .UseSipdo(task, options => options.Levels = levels)
            .Build()
            .RunAsync(InitialPrompt);
    }
    catch (ModelServiceException ex)
    {
        // An unreachable endpoint or a rejected key: the run is saved and can be resumed once the endpoint works.
        Console.Error.WriteLine($"The model endpoint failed: {ex.Message}");
        return 1;
    }

    var wallTime = Stopwatch.GetElapsedTime(started);

    Console.WriteLine();
    Console.WriteLine($"Run {run.RunId}: {run.Status}{(run.StopReason is null ? string.Empty : $" ({run.StopReason})")} ({results})");
    foreach (var round in run.MetricHistory)
    {
        var coverage = round.Metrics.TryGetValue(SipdoMetrics.Coverage, out var c) ? c.ToString() : "-";
        var kind = round.Level is { } step && SipdoCurricula.IsSelection(step) ? "p* selection" : $"level {round.Level?.Level}";
        Console.WriteLine($"  round {round.Iteration,2} {kind,-13} prompt v{round.PromptVersion,-2} coverage {coverage,-14} {round.Decision}{(round.RoundFailed ? " (round failed)" : string.Empty)} {round.UpdateReason}");
    }

    Console.WriteLine();
    Console.WriteLine($"p* = version {run.BestPrompt.Version} (coverage {run.BestPrompt.Score?.ToString("P1", CultureInfo.InvariantCulture) ?? "not scored"} of the synthetic items, {results}):");
    Console.WriteLine(run.BestPrompt.Text);

    // Held-out evaluation goes through the same model-call path, with the response cache: re-running costs nothing.
    var cachedClient = chatClient.WithResponseCache(options: new ChatResponseCacheOptions { CacheDirectory = Path.Combine(runsDirectory, ".cache"), KeyScope = modelId });
    var evaluator = new SipdoEvaluator(cachedClient.AsModelGateway(maxConcurrency: 4), task);
    var comparison = await evaluator.CompareWithBaselinesAsync(run.BestPrompt.Text, InitialPrompt);
    Console.WriteLine();
    Console.WriteLine($"Held-out accuracy on {comparison.HeldOutCount} real examples, 95% Wilson intervals ({(comparison.Simulated ? $"[{SimulatorInfo.Label}] simulator results" : results)}):");
    foreach (var evaluation in comparison.Evaluations)
    {
        var perLabel = string.Join(", ", evaluation.PerLabel.Select(kv => $"{kv.Key} {kv.Value.Estimate:P0}"));
        Console.WriteLine($"  {evaluation.Name,-17} {evaluation.Accuracy}  per label: {perLabel}; unparseable {evaluation.Unparseable}");
    }

    var cost = SipdoCostReport.FromRun(run, wallTime);
    Console.WriteLine();
    Console.WriteLine($"Cost of the optimized prompt ({results}): {cost.Calls} calls, {cost.InputTokens} input + {cost.OutputTokens} output tokens, wall time {cost.WallTime:g}");
    Console.WriteLine($"  levels reached {cost.LevelsReached} of {levels}, repairs accepted {cost.RepairsAccepted}, rejected {cost.RepairsRejected}, failed rounds {cost.FailedRounds}");
    foreach (var role in cost.ByRole)
    {
        Console.WriteLine($"  {role.Role,-22} {role.Calls,5} calls  {role.InputTokens,8} in  {role.OutputTokens,7} out");
    }

    // Every extracted answer and raw output of the evaluation, and the cost report, are saved with the run.
    await store.WriteFileAsync(run.RunId, "evaluation/comparison.json", System.Text.Encoding.UTF8.GetBytes(comparison.ToJson()));
    await store.WriteFileAsync(run.RunId, "evaluation/cost.json", System.Text.Encoding.UTF8.GetBytes(cost.ToJson()));
    Console.WriteLine();
    Console.WriteLine($"Run folder: {run.RunLocation ?? store.GetRunLocation(run.RunId)}");
}

return 0;

// An OpenAI-compatible endpoint (OpenAI, Azure OpenAI v1, Ollama, vLLM, LM Studio) through the official OpenAI SDK, with
// PromptForge's retries (honoring Retry-After, never retrying a rejected key) and a response cache so a re-run is free.
// Replace it with any other Microsoft.Extensions.AI IChatClient in your own app.
static IChatClient? CreateEndpointChatClient(Uri endpoint, string model, string? apiKey)
{
    bool local = endpoint.IsLoopback;
    if (string.IsNullOrEmpty(apiKey) && !local)
    {
        Console.Error.WriteLine($"OPENAI_API_KEY is not set and {endpoint} is not a local server.");
        return null;
    }

    // Microsoft.Extensions.AI.OpenAI's adapter over the official OpenAI SDK; the SDK's own retries are off so that
    // PromptForge's resilience stage is the only retry layer.
    var options = new OpenAI.OpenAIClientOptions { Endpoint = endpoint, RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) };
    IChatClient client = new OpenAI.Chat.ChatClient(model, new System.ClientModel.ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "local" : apiKey), options)
        .AsIChatClient();
    return client.WithResilience().WithResponseCache(new FileDistributedCache(Path.Combine(".cache", "sipdo-sample")));
}
