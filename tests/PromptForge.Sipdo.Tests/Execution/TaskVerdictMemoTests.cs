using System.Text.Json;
using PromptForge.Sipdo.Tests.Fakes;

namespace PromptForge.Sipdo.Tests.Execution;

/// <summary>Within a run, a (prompt, item) pair is answered by the task model at most once.</summary>
public sealed class TaskVerdictMemoTests
{
    private static List<(string Prompt, string Input)> TaskCalls(FakeSipdoModel model) =>
        model.Calls.Where(c => c.Role == "sipdo.task").Select(c => (c.System ?? string.Empty, c.User)).ToList();

    [Fact]
    public async Task RunAsync_FiveLevelsWithRegressionsAndRejections_NoTaskCallRepeats()
    {
        var harness = new SipdoHarness();
        // Round 2 sees a local failure first and then a global regression, so every confirmation path runs.
        harness.Model.Rewrite = (baseline, skills, attempt) =>
            skills.SequenceEqual(["s2"]) && attempt == 1 ? baseline + "\nBe careful."
            : skills.SequenceEqual(["s2"]) && attempt == 2 ? SipdoHarness.InitialPrompt + "\nRULE:s2"
            : FakeSipdoModel.DefaultRewrite(baseline, skills, attempt);

        var run = await harness.RunAsync(o => o.Levels = 5);

        run.Status.ShouldBe(RunStatus.Completed);
        run.PromptHistory.Count(p => p.Status == PromptVersionStatus.Rejected).ShouldBe(2);
        var calls = TaskCalls(harness.Model);
        calls.Count.ShouldBeGreaterThan(10);
        calls.Distinct().Count().ShouldBe(calls.Count, "every (prompt, item) pair is answered once");
    }

    [Fact]
    public async Task RunAsync_FourCandidatesPerLevel_TheChosenCandidateIsNotAnsweredAgain()
    {
        var harness = new SipdoHarness();
        // Every candidate a distinct question, so a repeated (prompt, question) is a repeated (prompt, item).
        var written = 0;
        harness.Model.Generate = (level, attempt, label) =>
            ($"[skill:s{level}] [truth:{label}] Level {level} item {Interlocked.Increment(ref written)}, attempt {attempt}: did the agent cause the outcome?", label);

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 4;
            o.Candidates = 4;
            o.Lambda = 4;
        });

        run.Status.ShouldBe(RunStatus.Completed);
        var calls = TaskCalls(harness.Model);
        calls.Count.ShouldBeGreaterThan(12, "the candidates are answered by the current prompt");
        calls.Distinct().Count().ShouldBe(calls.Count, "the generator's answers to its candidates are the run's verdicts too");
    }

    [Fact]
    public async Task RunAsync_TaskTemperatureAboveZero_AnswersAgain()
    {
        var harness = new SipdoHarness();

        await harness.RunAsync(o =>
        {
            o.Levels = 1;
            o.TaskTemperature = 0.7f;
        });

        var calls = TaskCalls(harness.Model);
        calls.Distinct().Count().ShouldBeLessThan(calls.Count, "sampled answers are not reused");
    }

    [Fact]
    public async Task ResumeAsync_AfterCrash_KeepsTheSavedVerdicts()
    {
        var harness = new SipdoHarness();
        var runId = await harness.RunUntilCrashInIterationAsync(3);
        var before = TaskCalls(harness.Model).ToHashSet();
        harness.Model.Calls.Clear();

        var resumed = await PromptLoop.Create()
            .WithChatClient(harness.Model)
            .WithRunStore(harness.Store)
            .WithSeed(7)
            .UseSipdo(SipdoHarness.ToyTask(), o => o.Levels = 4)
            .Build()
            .ResumeAsync(runId, TestContext.Current.CancellationToken);

        resumed.Status.ShouldBe(RunStatus.Completed);
        var after = TaskCalls(harness.Model);
        after.ShouldNotBeEmpty();
        // Only the interrupted iteration's verdicts (its new level-3 item, its rewrite with RULE:s3) were lost with it.
        after.Where(before.Contains).ShouldAllBe(c => c.Input.Contains("Level 3 item", StringComparison.Ordinal) || c.Prompt.Contains("RULE:s3", StringComparison.Ordinal));
        before.Count(c => !c.Input.Contains("Level 3 item", StringComparison.Ordinal) && !c.Prompt.Contains("RULE:s3", StringComparison.Ordinal)).ShouldBeGreaterThan(0);
        using var checkpoint = JsonDocument.Parse(harness.Store.ReadText(runId, "iterations.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        checkpoint.RootElement.GetProperty("extensions").GetProperty("sipdo.task_verdicts").GetProperty("verdicts").GetArrayLength().ShouldBe(after.Count + before.Count - after.Count(before.Contains));
    }
}
