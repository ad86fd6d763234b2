using PromptForge.Simulation;
using PromptForge.Testing;
using PromptForge.Tests.Fakes;

namespace PromptForge.Tests.RunStore;

/// <summary>A loop on the simulator writing to real folders: a crash between a temp write and its rename, then a resume.</summary>
public sealed class FileSystemRunStoreResumeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static PromptLoop CreateLoop(IRunStore store) => PromptLoop.Create()
        .WithChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 2 }))
        .WithGenerator(new SimulatedQuestionGenerator())
        .WithCritic(new ScoreByVersionCritic(v => 10 - v))
        .WithPromptUpdater(new AppendingUpdater(PromptUpdateDecision.Candidate))
        .WithObjective(new QualityObjective())
        .WithAcceptanceGate(new NoRegressionGate())
        .WithRunStore(store)
        .WithRunId("run")
        .WithSeed(11)
        .WithMaxIterations(3)
        .WithSamplesPerIteration(2)
        .Build();

    private FileSystemRunStore CreateStore(string folder) => new(new FileSystemRunStoreOptions { RootDirectory = Path.Combine(_temp.Path, folder), IdSeed = 1 });

    [Fact]
    public async Task ResumeAsync_AfterCrashBeforeAnyRename_EndsWithSameFilesAsUninterruptedRun()
    {
        FileSystemRunStore reference = CreateStore("reference");
        int totalWrites = 0;
        reference.TempFileWritten = _ => totalWrites++;
        RunResult uninterrupted = await CreateLoop(reference).RunAsync("Answer with the option letter.", TestContext.Current.CancellationToken);
        uninterrupted.Status.ShouldBe(RunStatus.Completed);
        IReadOnlyList<string> expectedFiles = await reference.ListFilesAsync("run", cancellationToken: TestContext.Current.CancellationToken);
        totalWrites.ShouldBeGreaterThan(10);

        for (int crashAt = 1; crashAt <= totalWrites; crashAt += 3)
        {
            FileSystemRunStore store = CreateStore($"crash-{crashAt}");
            int writes = 0;
            store.TempFileWritten = tempPath =>
            {
                if (++writes == crashAt)
                {
                    // What a killed process leaves: the complete temp file, never renamed.
                    File.Copy(tempPath, tempPath + ".left");
                    throw new IOException("simulated crash");
                }
            };
            await Should.ThrowAsync<IOException>(() => CreateLoop(store).RunAsync("Answer with the option letter.", TestContext.Current.CancellationToken));

            // A new process: a fresh store over the same folder.
            FileSystemRunStore restarted = CreateStore($"crash-{crashAt}");
            if (await restarted.ReadFileAsync("run", "checkpoint.json", TestContext.Current.CancellationToken) is null)
            {
                continue; // Crashed before the first iteration completed: nothing to resume (the loop's tests cover the message).
            }

            RunResult resumed = await CreateLoop(restarted).ResumeAsync("run", TestContext.Current.CancellationToken);

            resumed.Status.ShouldBe(RunStatus.Completed, $"crash at write {crashAt}");
            (await restarted.ListFilesAsync("run", cancellationToken: TestContext.Current.CancellationToken)).ShouldBe(expectedFiles, $"crash at write {crashAt}");
            foreach (string path in expectedFiles.Where(p => p.StartsWith("iter_", StringComparison.Ordinal)))
            {
                string? actual = await restarted.ReadTextAsync("run", path, TestContext.Current.CancellationToken);
                actual.ShouldBe(await reference.ReadTextAsync("run", path, TestContext.Current.CancellationToken), $"{path} after a crash at write {crashAt}");
            }
        }
    }

    private sealed class SimulatedQuestionGenerator : IGenerator
    {
        public async Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
        {
            var samples = new List<Sample>();
            for (int i = 0; i < context.SampleCount; i++)
            {
                ModelResponse reply = await context.Models.GetResponseAsync(
                    new ModelRequest(ModelRole.Generator, context.Prompt.Text, $"Question {i}: is harbour {context.Random.Next(100)} open?\nOptions:\n(A) yes\n(B) no"), cancellationToken);
                samples.Add(new Sample { Id = SampleIds.Create(context.Iteration, i), Input = reply.Text, Expected = "(A)" });
            }

            return new GenerationResult { Samples = samples };
        }
    }
}
