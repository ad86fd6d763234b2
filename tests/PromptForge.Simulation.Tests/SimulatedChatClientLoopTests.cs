using Microsoft.Extensions.AI;

namespace PromptForge.Simulation.Tests;

/// <summary>The simulator behind a real loop: structured output through the model gateway, artifacts in the file-system run store.</summary>
public sealed class SimulatedChatClientLoopTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "promptforge-tests", Path.GetRandomFileName());

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_LoopOnSimulator_StructuredOutputParsesWithoutRepairAndIsReproducible()
    {
        (RunResult first, QuestionGenerator firstGenerator) = await RunLoopAsync("run-a");
        (RunResult second, _) = await RunLoopAsync("run-b");

        first.Status.ShouldBe(RunStatus.Completed, first.StopReason);
        firstGenerator.RepairedCalls.ShouldBe(0);
        first.Samples.Count.ShouldBe(2 * 3);
        first.Samples.Select(s => s.Input).ShouldBe(second.Samples.Select(s => s.Input));
        first.Usage.Total.Calls.ShouldBeGreaterThan(0);
        first.Usage.Total.InputTokens.ShouldBeGreaterThan(0);

        var store = new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = _root });
        IReadOnlyList<string> files = await store.ListFilesAsync("run-a", cancellationToken: TestContext.Current.CancellationToken);
        files.ShouldContain("manifest.json");
        files.ShouldContain("iter_001/samples.jsonl");
        string? lines = await store.ReadTextAsync("run-a", "iter_001/samples.jsonl", TestContext.Current.CancellationToken);
        var samples = lines.ShouldNotBeNull().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => System.Text.Json.JsonSerializer.Deserialize<Sample>(line, PromptForgeJson.DefaultOptions).ShouldNotBeNull())
            .ToList();
        samples.Select(s => s.Input).ShouldBe(first.Samples.Take(3).Select(s => s.Input));
    }

    private async Task<(RunResult Result, QuestionGenerator Generator)> RunLoopAsync(string runId)
    {
        var generator = new QuestionGenerator();
        PromptLoop loop = PromptLoop.Create()
            .WithChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 11 }))
            .WithGenerator(generator)
            .WithCritic("answer_check", async (context, ct) =>
            {
                int answered = 0;
                foreach (Sample sample in context.Samples)
                {
                    ModelResponse reply = await context.Models.GetResponseAsync(new ModelRequest(ModelRole.Task, context.Prompt.Text, sample.Input), ct);
                    answered += reply.Text.Length > 0 ? 1 : 0;
                }

                return new Critique
                {
                    CriticName = "answer_check",
                    Metrics = new Dictionary<string, MetricValue> { ["answered_rate"] = MetricValue.Measured((double)answered / context.Samples.Count, context.Samples.Count) },
                };
            })
            .WithRunStore(new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = _root }))
            .WithRunId(runId)
            .WithMaxIterations(2)
            .WithSamplesPerIteration(3)
            .WithSeed(5)
            .Build();

        return (await loop.RunAsync("Answer the question with the letter of the correct option.", TestContext.Current.CancellationToken), generator);
    }

    private sealed class QuestionGenerator : IGenerator
    {
        private int _repairedCalls;

        public int RepairedCalls => _repairedCalls;

        public async Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
        {
            var samples = new List<Sample>();
            for (int i = 0; i < context.SampleCount; i++)
            {
                var request = new ModelRequest(ModelRole.Generator, "Write a multiple-choice question.", $"Prompt under test: {context.Prompt.Text}\nQuestion {i + 1} about tides, harbours and boats.");
                ModelResponse<TaskAnswer> reply = await context.Models.GetStructuredResponseAsync(request, SimulationTestJsonContext.Default.TaskAnswer, cancellationToken: cancellationToken);
                if (reply.Repaired)
                {
                    Interlocked.Increment(ref _repairedCalls);
                }

                samples.Add(new Sample
                {
                    Id = SampleIds.Create(context.Iteration, i),
                    Input = reply.Value.Explanation + "\nOptions:\n(A) yes\n(B) no",
                    Expected = "(A)",
                });
            }

            return new GenerationResult { Samples = samples };
        }
    }
}
