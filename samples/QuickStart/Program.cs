// PromptForge quick start: optimize a task prompt with SIPDO plus a custom critic, offline on the simulator.
// The simulator is a deterministic, rule-based stand-in for a model: what this prints says nothing about a real model.
using PromptForge;
using PromptForge.Sipdo;
using PromptForge.Simulation;

var task = await TaskFiles.LoadAsync(Path.Combine(AppContext.BaseDirectory, "data", "causal_judgement.json"));
var store = new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = "runs" });

// Any Microsoft.Extensions.AI IChatClient works here (OpenAI, Azure OpenAI, Ollama, ...); the simulator needs no network.
using var chatClient = new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 42, Behaviors = { SipdoSimulation.Behavior } });

var run = await PromptLoop.Create()
    .WithChatClient(chatClient)
    .UseSipdo(task, sipdo => sipdo.Levels = 4)
    .WithCritic(new AnswerFormatCritic(task.LabelSpace ?? ["Yes", "No"]))
    .WithRunStore(store)
    .WithSeed(42)
    .Build()
    .RunAsync("Answer the question about causation.");

Console.WriteLine($"Run {run.RunId}: {run.Status}, {run.Usage.Total.Calls} calls to the {SimulatorInfo.Label}.");
Console.WriteLine();
Console.WriteLine("Metric history:");
foreach (var round in run.MetricHistory)
{
    Console.WriteLine(
        $"  iteration {round.Iteration}  prompt v{round.PromptVersion}  " +
        $"coverage {Show(round, SipdoMetrics.Coverage)}  states answer format {Show(round, AnswerFormatCritic.StatesAnswerFormat)}  " +
        $"prompt characters {Show(round, AnswerFormatCritic.PromptCharacters)}  -> {round.Decision}");
}

Console.WriteLine();
Console.WriteLine($"Best prompt (version {run.BestPrompt.Version}, scored on the {SimulatorInfo.Label}):");
Console.WriteLine(run.BestPrompt.Text);
Console.WriteLine();
Console.WriteLine($"Saved to {run.RunLocation}");

static string Show(IterationRecord round, string metric) =>
    round.Metrics.TryGetValue(metric, out var value) ? value.ToString() : "-";
