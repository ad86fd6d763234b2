using System.Text.Json.Nodes;
using PromptForge.Simulation;
using PromptForge.Testing;
using PromptForge.Tests.Fakes;

namespace PromptForge.Tests.RunStore;

/// <summary>A loop on the simulator writing to real folders: a crash at every write point, then a resume.</summary>
public sealed class FileSystemRunStoreResumeTests : IDisposable
{
    private const string InitialPrompt = "Answer with the option letter.";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    internal static PromptLoop CreateLoop(IRunStore store, Action<int>? onGenerate = null, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null) => PromptLoop.Create()
        .WithLoggerFactory(loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
        .WithChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 2 }))
        .WithGenerator(new SimulatedQuestionGenerator(onGenerate))
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
    public async Task ResumeAsync_AfterCrashAtEveryWritePoint_EndsWithSameArtifactsAsUninterruptedRun()
    {
        var token = TestContext.Current.CancellationToken;
        FileSystemRunStore reference = CreateStore("reference");
        var writePoints = new List<string>();
        reference.TempFileWritten = path => writePoints.Add(path);
        RunResult uninterrupted = await CreateLoop(reference).RunAsync(InitialPrompt, token);
        uninterrupted.Status.ShouldBe(RunStatus.Completed);
        RunArtifacts expected = await RunArtifacts.ReadAsync(reference, "run", token);
        // Creation, then per iteration its artifacts and one journal append, then the final manifest.
        writePoints.Count.ShouldBeGreaterThan(3 * 4);
        writePoints.Count(p => p.EndsWith(RunRecorder.JournalFile, StringComparison.Ordinal)).ShouldBe(3);

        var covered = new List<int>();
        for (int crashAt = 1; crashAt <= writePoints.Count; crashAt++)
        {
            string folder = $"crash-{crashAt}";
            FileSystemRunStore store = CreateStore(folder);
            int writes = 0;
            store.TempFileWritten = path =>
            {
                if (++writes == crashAt)
                {
                    SimulateKill(path);
                }
            };
            await Should.ThrowAsync<IOException>(() => CreateLoop(store).RunAsync(InitialPrompt, token));

            // A new process: a fresh store over the same folder.
            FileSystemRunStore restarted = CreateStore(folder);
            RunResult resumed;
            if (crashAt == 1)
            {
                // Killed while the run folder was being staged: the run does not exist, so it is simply started.
                (await restarted.RunExistsAsync("run", token)).ShouldBeFalse("a run exists only with its initial state");
                resumed = await CreateLoop(restarted).RunAsync(InitialPrompt, token);
            }
            else
            {
                resumed = await CreateLoop(restarted).ResumeAsync("run", token);
            }

            resumed.Status.ShouldBe(RunStatus.Completed, $"crash at write {crashAt} ({writePoints[crashAt - 1]})");
            resumed.BestPrompt.Text.ShouldBe(uninterrupted.BestPrompt.Text);
            RunArtifacts actual = await RunArtifacts.ReadAsync(restarted, "run", token);
            actual.ShouldMatch(expected, $"crash at write {crashAt} ({Path.GetFileName(writePoints[crashAt - 1])})");
            Directory.EnumerateFiles(restarted.GetRunLocation("run")!, "*", SearchOption.AllDirectories)
                .Select(Path.GetFileName)
                .Where(name => name!.Contains('~', StringComparison.Ordinal))
                .ShouldBe([".promptforge~run"], $"leftover temporary files or lock after a crash at write {crashAt}");
            covered.Add(crashAt);
        }

        covered.ShouldBe(Enumerable.Range(1, writePoints.Count), "every write point is crashed at and resumed");
    }

    [Fact]
    public async Task ResumeAsync_AfterCancelDuringIterationOne_EndsWithSameArtifactsAsUninterruptedRun()
    {
        var token = TestContext.Current.CancellationToken;
        FileSystemRunStore reference = CreateStore("reference");
        await CreateLoop(reference).RunAsync(InitialPrompt, token);
        RunArtifacts expected = await RunArtifacts.ReadAsync(reference, "run", token);

        FileSystemRunStore store = CreateStore("cancelled");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(token);
        await Should.ThrowAsync<OperationCanceledException>(() => CreateLoop(store, onGenerate: _ => cts.Cancel()).RunAsync(InitialPrompt, cts.Token));
        var manifest = JsonNode.Parse((await store.ReadTextAsync("run", RunRecorder.ManifestFile, token))!)!;
        manifest["status"]!.GetValue<string>().ShouldBe("Cancelled");
        manifest["iterations_completed"]!.GetValue<int>().ShouldBe(0);

        RunResult resumed = await CreateLoop(CreateStore("cancelled")).ResumeAsync("run", token);

        resumed.Status.ShouldBe(RunStatus.Completed);
        (await RunArtifacts.ReadAsync(store, "run", token)).ShouldMatch(expected, "cancelled in iteration 1");
    }

    [Fact]
    public async Task ResumeAsync_TornJournalLineAndUncommittedIteration_AreDiscardedAndRedone()
    {
        var token = TestContext.Current.CancellationToken;
        FileSystemRunStore reference = CreateStore("reference");
        await CreateLoop(reference).RunAsync(InitialPrompt, token);
        RunArtifacts expected = await RunArtifacts.ReadAsync(reference, "run", token);

        // Killed in the middle of iteration 2's journal append: its artifacts exist, its line is torn.
        FileSystemRunStore store = CreateStore("torn");
        int appends = 0;
        store.TempFileWritten = path =>
        {
            if (path.EndsWith(RunRecorder.JournalFile, StringComparison.Ordinal) && ++appends == 2)
            {
                File.AppendAllText(path, "{\"iteration\":2,\"rec");
                throw new IOException("simulated kill during the append");
            }
        };
        await Should.ThrowAsync<IOException>(() => CreateLoop(store).RunAsync(InitialPrompt, token));
        File.Exists(Path.Combine(store.GetRunLocation("run")!, "iter_002", "samples.jsonl")).ShouldBeTrue();

        RunResult resumed = await CreateLoop(CreateStore("torn")).ResumeAsync("run", token);

        resumed.MetricHistory.Select(r => r.Iteration).ShouldBe([1, 2, 3]);
        (await RunArtifacts.ReadAsync(store, "run", token)).ShouldMatch(expected, "torn journal line");
    }

    [Fact]
    public async Task ResumeAsync_ArtifactLostAfterCommit_RedoesThatIteration()
    {
        var token = TestContext.Current.CancellationToken;
        FileSystemRunStore reference = CreateStore("reference");
        await CreateLoop(reference).RunAsync(InitialPrompt, token);
        RunArtifacts expected = await RunArtifacts.ReadAsync(reference, "run", token);

        // What a power loss can leave: the journal line reached the disk, one of the iteration's files did not.
        FileSystemRunStore store = CreateStore("lost");
        await CreateLoop(store).RunAsync(InitialPrompt, token);
        string runFolder = store.GetRunLocation("run")!;
        File.WriteAllText(Path.Combine(runFolder, "iter_003", "metrics.json"), string.Empty);

        RunResult resumed = await CreateLoop(CreateStore("lost")).ResumeAsync("run", token);

        resumed.MetricHistory.Count.ShouldBe(3);
        (await RunArtifacts.ReadAsync(store, "run", token)).ShouldMatch(expected, "iteration 3 redone");
    }

    [Fact]
    public async Task ResumeAsync_OldFormatCheckpoint_FailsWithClearErrorAndChangesNothing()
    {
        var token = TestContext.Current.CancellationToken;
        FileSystemRunStore store = CreateStore("old");
        await CreateLoop(store).RunAsync(InitialPrompt, token);
        await store.WriteTextAsync("run", RunRecorder.CheckpointFile, "{\"format_version\":1,\"run_id\":\"run\",\"iteration\":3,\"samples\":[]}", token);
        var before = await RunArtifacts.ReadAsync(store, "run", token);

        var ex = await Should.ThrowAsync<InvalidDataException>(() => CreateLoop(store).ResumeAsync("run", token));

        ex.Message.ShouldContain("checkpoint.json");
        ex.Message.ShouldContain("format 1");
        (await RunArtifacts.ReadAsync(store, "run", token)).ShouldMatch(before, "nothing changed");
    }

    /// <summary>What a killed process leaves at a write point: a complete temp file never renamed (kept under another temp name, since the store deletes its own on an exception).</summary>
    private static void SimulateKill(string path)
    {
        if (Directory.Exists(path))
        {
            throw new IOException("simulated crash while staging the run folder");
        }

        if (path.EndsWith("~tmp", StringComparison.Ordinal))
        {
            File.Copy(path, path + "-left~tmp");
        }

        throw new IOException("simulated crash");
    }

    internal sealed class SimulatedQuestionGenerator(Action<int>? onGenerate = null) : IGenerator
    {
        public async Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
        {
            onGenerate?.Invoke(context.Iteration);
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
