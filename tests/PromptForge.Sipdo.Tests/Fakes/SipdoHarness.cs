using System.Text;
using System.Text.Json;
using PromptForge.Testing;

namespace PromptForge.Sipdo.Tests.Fakes;

/// <summary>Builds and runs a SIPDO loop on <see cref="FakeSipdoModel"/>.</summary>
internal sealed class SipdoHarness
{
    public const string InitialPrompt = "Answer the question with Yes or No.";

    public FakeSipdoModel Model { get; } = new();

    public InMemoryRunStore Store { get; } = new();

    public static TaskDefinition ToyTask() => new(
        "causal_toy",
        "Decide whether the agent caused the outcome.",
        AnswerFormat.YesNo,
        Enumerable.Range(1, 8).Select(i => new TaskExample($"real-{i}", $"[skill:real] [truth:{(i % 2 == 0 ? "Yes" : "No")}] Real question {i}?", i % 2 == 0 ? "Yes" : "No")));

    public async Task<RunResult> RunAsync(Action<SipdoOptions>? configure = null, Action<PromptLoopBuilder>? builder = null)
    {
        var loop = PromptLoop.Create()
            .WithChatClient(Model)
            .WithRunStore(Store)
            .WithSeed(7)
            .WithMaxConcurrency(2)
            .UseSipdo(ToyTask(), configure);
        builder?.Invoke(loop);
        return await loop.Build().RunAsync(InitialPrompt, TestContext.Current.CancellationToken);
    }

    /// <summary>Runs a 4-level loop that crashes while writing iteration <paramref name="iteration"/>'s files; returns the run id to resume.</summary>
    public async Task<string> RunUntilCrashInIterationAsync(int iteration)
    {
        string folder = $"iter_{iteration:000}/";
        Store.BeforeWrite = (_, path) =>
        {
            if (path.StartsWith(folder, StringComparison.Ordinal))
            {
                throw new IOException($"simulated crash writing {path}");
            }
        };
        await Should.ThrowAsync<IOException>(() => RunAsync(o => o.Levels = 4));
        Store.BeforeWrite = null;
        return (await Store.ListRunsAsync(TestContext.Current.CancellationToken)).ShouldHaveSingleItem();
    }

    public IReadOnlyList<Sample> Rejected(RunResult run, int iteration)
    {
        // A round without rejections writes no rejected_samples.jsonl.
        var text = Store.Files(run.RunId).TryGetValue($"iter_{iteration:000}/rejected_samples.jsonl", out var bytes) ? Encoding.UTF8.GetString(bytes) : string.Empty;
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<Sample>(line, PromptForgeJson.DefaultOptions)!)
            .ToList();
    }
}
