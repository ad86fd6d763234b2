namespace PromptForge.Tests.RunStore;

/// <summary><see cref="RunStoreExtensions.ReadRunSummaryAsync"/>: a run's record as of its last committed iteration.</summary>
public sealed class RunSummaryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private FileSystemRunStore CreateStore() => new(new FileSystemRunStoreOptions { RootDirectory = _temp.Path, IdSeed = 1 });

    [Fact]
    public async Task ReadRunSummaryAsync_CompletedRun_MatchesTheRunResult()
    {
        var token = TestContext.Current.CancellationToken;
        FileSystemRunStore store = CreateStore();

        RunResult run = await FileSystemRunStoreResumeTests.CreateLoop(store).RunAsync("Answer with the option letter.", token);

        RunSummary summary = (await store.ReadRunSummaryAsync("run", token)).ShouldNotBeNull();
        summary.Status.ShouldBe(RunStatus.Completed);
        summary.RunId.ShouldBe("run");
        summary.BestPromptVersion.ShouldBe(run.BestPrompt.Version);
        summary.FinalPromptVersion.ShouldBe(run.FinalPrompt.Version);
        summary.PromptHistory.Select(p => (p.Version, p.Status)).ShouldBe(run.PromptHistory.Select(p => (p.Version, p.Status)));
        summary.Iterations.Select(i => i.Iteration).ShouldBe([1, 2, 3]);
        summary.Iterations.Select(i => i.Objective).ShouldBe(run.MetricHistory.Select(i => i.Objective));
        summary.Iterations.Select(i => i.Decision).ShouldBe(run.MetricHistory.Select(i => i.Decision));
        summary.Iterations[0].Metrics.Keys.ShouldBe(run.MetricHistory[0].Metrics.Keys.Order(StringComparer.Ordinal));
        summary.Usage.Total.Calls.ShouldBe(run.Usage.Total.Calls);
        (await store.ReadRunSummaryAsync("missing", token)).ShouldBeNull();
    }

    [Fact]
    public async Task ReadRunSummaryAsync_KilledBeforeTheFinalManifest_ReportsTheCommittedIterationsAsRunning()
    {
        var token = TestContext.Current.CancellationToken;
        FileSystemRunStore store = CreateStore();
        int journalAppends = 0;
        bool killed = false;
        store.TempFileWritten = path =>
        {
            // Killed at the third iteration's commit, so nothing more reaches the disk (not even a "Failed" manifest):
            // manifest.json still says what the start wrote, and the journal holds two committed iterations.
            killed |= path.Contains(RunRecorder.JournalFile, StringComparison.Ordinal) && ++journalAppends == 3;
            if (killed)
            {
                throw new IOException("simulated kill");
            }
        };

        await Should.ThrowAsync<IOException>(() => FileSystemRunStoreResumeTests.CreateLoop(store).RunAsync("Answer with the option letter.", token));

        RunSummary summary = (await CreateStore().ReadRunSummaryAsync("run", token)).ShouldNotBeNull();
        summary.Status.ShouldBe(RunStatus.Running);
        summary.Iterations.Select(i => i.Iteration).ShouldBe([1, 2]);
        summary.Iterations.ShouldAllBe(i => i.SampleCount == 2);
        summary.Usage.Total.Calls.ShouldBeGreaterThan(0);
    }
}
