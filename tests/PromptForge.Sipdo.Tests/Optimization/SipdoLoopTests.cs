using PromptForge.Sipdo.Tests.Fakes;

namespace PromptForge.Sipdo.Tests.Optimization;

/// <summary>Drives every branch of the SIPDO loop with a scripted model.</summary>
public sealed class SipdoLoopTests
{
    [Fact]
    public async Task RunAsync_ErrorFound_IsRepairedAndConfirmed()
    {
        var harness = new SipdoHarness();

        var run = await harness.RunAsync(o => o.Levels = 2);

        run.Status.ShouldBe(RunStatus.Completed);
        run.MetricHistory.Count.ShouldBe(3, "two levels and the p* selection round");
        var first = run.MetricHistory[0];
        first.Decision.ShouldBe(PromptUpdateDecision.Accepted);
        first.Metrics[SipdoMetrics.ErrorsFound].Value.ShouldBe(1);
        first.Metrics[SipdoMetrics.RepairsAccepted].Value.ShouldBe(1);
        first.Metrics[SipdoMetrics.Coverage].Value.ShouldBe(0);
        run.MetricHistory[1].Metrics[SipdoMetrics.Coverage].Value.ShouldBe(0.5, "v1 knows s1 but not the new s2 item");
        run.MetricHistory[2].Metrics[SipdoMetrics.Coverage].Value.ShouldBe(1);
        run.BestPrompt.Text.ShouldContain("RULE:s1");
        run.BestPrompt.Text.ShouldContain("RULE:s2");
        run.Samples.Select(s => s.Difficulty).ShouldBe([1, 2]);
        harness.Model.Calls.Where(c => c.Role == "sipdo.task").ShouldAllBe(c => c.Temperature == 0f);
        harness.Model.Calls.Where(c => c.Role == "sipdo.suggestion").ShouldAllBe(c => c.Temperature == 0.7f);
        harness.Model.Calls.Where(c => c.Role == "sipdo.generator").ShouldAllBe(c => c.Temperature == 0.5f);
        harness.Model.CountCalls("sipdo.verifier").ShouldBe(6, "three votes per kept item");
    }

    [Fact]
    public async Task RunAsync_LocalConfirmationFails_PatchesAgainFromTheRevisedPrompt()
    {
        var harness = new SipdoHarness();
        harness.Model.Rewrite = (baseline, skills, attempt) => attempt == 1 ? baseline + "\nBe careful." : FakeSipdoModel.DefaultRewrite(baseline, skills, attempt);

        var run = await harness.RunAsync(o => o.Levels = 1);

        var rejected = run.PromptHistory.Single(p => p.Status == PromptVersionStatus.Rejected);
        rejected.StatusReason!.ShouldStartWith("local confirmation failed");
        rejected.Text.ShouldEndWith("Be careful.");
        var accepted = run.PromptHistory.Single(p => p.Status == PromptVersionStatus.Accepted);
        accepted.Text.ShouldBe(SipdoHarness.InitialPrompt + "\nBe careful.\nRULE:s1");
        var rewrites = harness.Model.Calls.Where(c => c.Role == "sipdo.rewrite").ToList();
        rewrites.Count.ShouldBe(2);
        FakeSipdoModel.PromptIn(rewrites[1]).ShouldBe(rejected.Text, "the second patch starts from the revised prompt");
        run.MetricHistory[0].Metrics[SipdoMetrics.RepairsRejected].Value.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_GlobalRegression_ReentersRepairWithTheRegressedItems()
    {
        var harness = new SipdoHarness();

        // In round 2 the first rewrite fixes s2 but drops the s1 rule: the s1 item regresses.
        harness.Model.Rewrite = (baseline, skills, attempt) =>
            skills.SequenceEqual(["s2"]) && attempt == 1
                ? SipdoHarness.InitialPrompt + "\nRULE:s2"
                : FakeSipdoModel.DefaultRewrite(baseline, skills, attempt);

        var run = await harness.RunAsync(o => o.Levels = 2);

        var regressed = run.PromptHistory.Single(p => p.Status == PromptVersionStatus.Rejected);
        regressed.StatusReason!.ShouldStartWith("global confirmation failed: 1 of 2");
        var analyses = harness.Model.Calls.Where(c => c.Role == "sipdo.error_analysis").ToList();
        analyses.Count.ShouldBe(3);
        FakeSipdoModel.SkillsIn(FakeSipdoModel.ErrorQuestionsIn(analyses[2])).ShouldBe(["s1"], "the regressed item is the new error slice");
        run.MetricHistory[1].Decision.ShouldBe(PromptUpdateDecision.Accepted);
        run.FinalPrompt.Text.ShouldBe(SipdoHarness.InitialPrompt + "\nRULE:s2\nRULE:s1");
        run.MetricHistory[1].Metrics[SipdoMetrics.CandidateCoverage].Value.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_RepairLimitReached_KeepsPromptAndFailsTheRound()
    {
        var harness = new SipdoHarness();
        harness.Model.Rewrite = (baseline, _, attempt) => $"{baseline}\nTry harder ({attempt}).";

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 1;
            o.MaxRepairAttempts = 3;
        });

        var round = run.MetricHistory[0];
        round.RoundFailed.ShouldBeTrue();
        round.Decision.ShouldBe(PromptUpdateDecision.NoChange);
        round.UpdateReason!.ShouldStartWith("repair limit reached: 3 attempt(s)");
        round.Metrics[SipdoMetrics.RepairsRejected].Value.ShouldBe(3);
        run.PromptHistory.Count(p => p.Status == PromptVersionStatus.Rejected).ShouldBe(3);
        run.FinalPrompt.Text.ShouldBe(SipdoHarness.InitialPrompt);
        harness.Model.CountCalls("sipdo.rewrite").ShouldBe(3);
        SipdoCostReport.FromRun(run).FailedRounds.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_BudgetReachedMidRound_StopsWithBudgetExhausted()
    {
        var harness = new SipdoHarness();

        // Generator 1 + votes 3 + task 1 + analysis 1 + suggestion 1 + rewrite 1 = 8: the local confirmation call is over budget.
        var run = await harness.RunAsync(o => o.Levels = 3, b => b.WithBudget(new LoopBudget { MaxCalls = 8 }));

        run.Status.ShouldBe(RunStatus.BudgetExhausted);
        run.MetricHistory.ShouldBeEmpty("the interrupted round is not recorded as complete");
        run.FinalPrompt.Version.ShouldBe(0);
        harness.Model.Calls.Count.ShouldBe(8);
        harness.Model.CountCalls("sipdo.rewrite").ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_CancelledMidRepair_StopsBeforeTheNextModelCall()
    {
        var harness = new SipdoHarness();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        harness.Model.Rewrite = (baseline, skills, attempt) =>
        {
            cancellation.Cancel();
            return FakeSipdoModel.DefaultRewrite(baseline, skills, attempt);
        };
        var loop = PromptLoop.Create().WithChatClient(harness.Model).WithRunStore(harness.Store).WithSeed(7)
            .UseSipdo(SipdoHarness.ToyTask(), o => o.Levels = 3)
            .Build();

        await Should.ThrowAsync<OperationCanceledException>(() => loop.RunAsync(SipdoHarness.InitialPrompt, cancellation.Token));

        harness.Model.Calls.Last().Role.ShouldBe("sipdo.rewrite", "no confirmation call starts after cancellation");
        harness.Model.CountCalls("sipdo.rewrite").ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_SelectionRound_TiesOnCoverageAndLength_PicksTheLaterVersion()
    {
        var harness = new SipdoHarness();

        // Round 2 adopts (no global confirmation) a prompt of the same length as v1 that knows s2 but forgot s1.
        harness.Model.Rewrite = (baseline, skills, attempt) =>
            skills.SequenceEqual(["s2"]) ? SipdoHarness.InitialPrompt + "\nRULE:s2" : FakeSipdoModel.DefaultRewrite(baseline, skills, attempt);

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 2;
            o.GlobalConfirmation = false;
        });

        var versions = run.PromptHistory.ToDictionary(p => p.Version);
        versions[1].Score.ShouldBe(versions[2].Score);
        versions[1].Text.Length.ShouldBe(versions[2].Text.Length);
        run.BestPrompt.Version.ShouldBe(2, "same coverage and length: the later version wins");
    }

    [Fact]
    public async Task RunAsync_SelectionRound_PicksHighestCoverageThenShorter()
    {
        var harness = new SipdoHarness();

        // Without global confirmation, round 2 adopts a long prompt that knows s2 but forgot s1.
        harness.Model.Rewrite = (baseline, skills, attempt) =>
            skills.SequenceEqual(["s2"])
                ? SipdoHarness.InitialPrompt + "\nRULE:s2 — a much longer explanation of the second rule that makes this prompt longer."
                : FakeSipdoModel.DefaultRewrite(baseline, skills, attempt);

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 2;
            o.GlobalConfirmation = false;
        });

        var versions = run.PromptHistory.ToDictionary(p => p.Version);
        versions[0].Score.ShouldBe(0);
        versions[1].Score.ShouldBe(0.5);
        versions[2].Score.ShouldBe(0.5);
        run.BestPrompt.Version.ShouldBe(1, "equal coverage on all items: the shorter prompt wins");
        run.FinalPrompt.Version.ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_VerifierDisagrees_RejectsAndRegeneratesTheItem()
    {
        var harness = new SipdoHarness();
        harness.Model.Vote = (call, vote) => (!(call.User.Contains("attempt 1", StringComparison.Ordinal) && vote == 3), null);

        var run = await harness.RunAsync(o => o.Levels = 1);

        run.MetricHistory[0].RejectedSampleCount.ShouldBe(1);
        var rejected = harness.Rejected(run, 1).ShouldHaveSingleItem();
        rejected.Provenance.Note!.ShouldStartWith("verifier_disagreement: 2 of 3 votes agree (need 3)");
        run.Samples.ShouldHaveSingleItem().Provenance.Attempt.ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_MajorityVoteConfigured_KeepsItemWithOneDissent()
    {
        var harness = new SipdoHarness();
        harness.Model.Vote = (_, vote) => (vote != 3, null);

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 1;
            o.RequiredAgreeingVotes = 2;
        });

        run.MetricHistory[0].RejectedSampleCount.ShouldBe(0);
        run.Samples.Count.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_ExactDuplicate_IsRejectedAndLevelSkippedAfterAttempts()
    {
        var harness = new SipdoHarness();
        harness.Model.Generate = (_, _, label) => ("[skill:s1] [truth:Yes] The same question every time?", label);

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 2;
            o.MaxGenerationAttempts = 2;
        });

        var round2 = run.MetricHistory[1];
        round2.LevelSkipped.ShouldBeTrue();
        round2.SampleCount.ShouldBe(0);
        harness.Rejected(run, 2).Select(s => s.Provenance.Note!.Split(':')[0]).ShouldBe(["duplicate", "duplicate"]);
        SipdoCostReport.FromRun(run).LevelsReached.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_NearDuplicate_IsRejected()
    {
        var harness = new SipdoHarness();
        harness.Model.Generate = (level, attempt, label) => level == 1 || attempt == 2
            ? ($"[skill:s{level}] [truth:{label}] A farmer {(level == 1 ? "opened" : "closed")} the gate and the cows walked out onto the busy road in the morning{(attempt == 2 ? " — a wholly different story about a pilot, a storm and a missed radio call at night" : "")}.", label)
            : ($"[skill:s{level}] [truth:{label}] A farmer opened the gate and the cows walked out onto the busy road in the morning!", label);

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 2;
            o.NearDuplicateSimilarity = 0.85;
        });

        harness.Rejected(run, 2).ShouldHaveSingleItem().Provenance.Note!.ShouldStartWith("near_duplicate: cosine");
        run.Samples.Count.ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_GeneratorAnswersOtherLabel_IsRejectedAsLabelMismatch()
    {
        var harness = new SipdoHarness();
        harness.Model.Generate = (level, attempt, label) =>
            ($"[skill:s{level}] [truth:{label}] Item {attempt}?", attempt == 1 ? (label == "Yes" ? "No" : "Yes") : label);

        var run = await harness.RunAsync(o => o.Levels = 1);

        harness.Rejected(run, 1).ShouldHaveSingleItem().Provenance.Note!.ShouldStartWith("label_mismatch");
        run.Samples.Count.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_DeterministicValidatorRejects_ItemIsRegenerated()
    {
        var harness = new SipdoHarness();

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 1;
            o.Validators.Add(new RejectFirstAttemptValidator());
        });

        harness.Rejected(run, 1).ShouldHaveSingleItem().Provenance.Note!.ShouldBe("validator_no_first_attempt: first attempts are not allowed");
        harness.Model.CountCalls("sipdo.verifier").ShouldBe(3, "the validator runs before the votes");
    }

    [Fact]
    public async Task RunAsync_LabelFirst_KeepsLabelsBalancedLikeTheRealExamples()
    {
        var harness = new SipdoHarness();

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 6;
            o.SelectionRound = false;
        });

        run.Samples.Count.ShouldBe(6);
        run.Samples.Count(s => s.Expected == "Yes").ShouldBe(3, "the real examples are half Yes, half No");
    }

    [Fact]
    public async Task RunAsync_HistoryOverBudget_IsCondensedBySummarizer()
    {
        var harness = new SipdoHarness();

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 4;
            o.HistoryCharacterBudget = 300;
        });

        run.Status.ShouldBe(RunStatus.Completed);
        harness.Model.CountCalls("sipdo.summarizer").ShouldBeGreaterThan(0);
        var lastGeneration = harness.Model.Calls.Last(c => c.Role == "sipdo.generator");
        var history = SipdoPromptData.Read(lastGeneration.User, SipdoPromptData.History, SipdoJsonContext.Default.HistoryPayload);
        history.SummaryOfOlderItems.ShouldBe("Earlier items covered skills s1..sN.");
        history.RecentItems.Count.ShouldBeLessThan(run.Samples.Count - 1, "the older items are condensed, not repeated");
    }

    [Fact]
    public async Task RunAsync_NoDifficultyGradient_WritesItemsWithoutLevels()
    {
        var harness = new SipdoHarness();
        harness.Model.Generate = (level, attempt, label) => ($"[skill:s1] [truth:{label}] Ungraded item number {harness.Model.CountCalls("sipdo.generator")}?", label);

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 2;
            o.UseDifficultyGradient = false;
        });

        var generations = harness.Model.Calls.Where(c => c.Role == "sipdo.generator").ToList();
        generations.ShouldAllBe(c => !c.User.Contains("Difficulty: write the new item at level", StringComparison.Ordinal));
        generations.Count(c => SipdoPromptData.TryRead(c.User, SipdoPromptData.Level, SipdoJsonContext.Default.Int32, out _)).ShouldBe(0, "no level block either");
        run.Samples.ShouldAllBe(s => s.Difficulty == null);
    }

    [Fact]
    public async Task RunAsync_NoLocalConfirmation_GoesStraightToGlobalConfirmation()
    {
        var harness = new SipdoHarness();

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 1;
            o.LocalConfirmation = false;
        });

        run.MetricHistory[0].Decision.ShouldBe(PromptUpdateDecision.Accepted);
        run.PromptHistory.Single(p => p.Status == PromptVersionStatus.Accepted).Text.ShouldContain("RULE:s1");

        // Task calls: critic 1 (initial prompt) + global 1 (the rewrite); the selection round re-uses both verdicts.
        harness.Model.CountCalls("sipdo.task").ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_AdaptiveCurriculum_RepeatsFailedLevelAndSkipsTrivialOnes()
    {
        var harness = new SipdoHarness();

        // s1 is never repaired; s2 and later are known from the start.
        var rounds = 0;
        harness.Model.Answer = (prompt, input) => input.Contains("[skill:s1]", StringComparison.Ordinal)
            ? "The answer is " + (input.Contains("[truth:Yes]", StringComparison.Ordinal) ? "No" : "Yes")
            : FakeSipdoModel.DefaultAnswer(prompt + "RULE:s2RULE:s3RULE:s4RULE:s5", input);
        harness.Model.Generate = (level, attempt, label) => ($"[skill:s{level}] [truth:{label}] Adaptive item {Interlocked.Increment(ref rounds)}?", label);

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 5;
            o.Curriculum = SipdoCurriculumKind.Adaptive;
            o.AdaptiveRoundsPerLevel = 1;
            o.MaxRepairAttempts = 1;
        });

        run.MetricHistory.Select(h => h.Level!.Level).ShouldBe([1, 1, 1, 1, 1, 6], "a failed level is retried until the round budget, then the selection round");
    }

    [Fact]
    public async Task ResumeAsync_AfterCrash_ContinuesAtTheNextLevelWithGeneratorState()
    {
        var harness = new SipdoHarness();
        var runId = await harness.RunUntilCrashInIterationAsync(3);

        var resumed = await PromptLoop.Create()
            .WithChatClient(harness.Model)
            .WithRunStore(harness.Store)
            .WithSeed(7)
            .UseSipdo(SipdoHarness.ToyTask(), o => o.Levels = 4)
            .Build()
            .ResumeAsync(runId, TestContext.Current.CancellationToken);

        resumed.Status.ShouldBe(RunStatus.Completed);
        resumed.Samples.Select(s => s.Difficulty).ShouldBe([1, 2, 3, 4]);
        // The state after the last iteration: the last line of the run's journal.
        using var checkpoint = System.Text.Json.JsonDocument.Parse(harness.Store.ReadText(runId, "iterations.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        var labelCounts = checkpoint.RootElement.GetProperty("extensions").GetProperty("sipdo.generator").GetProperty("label_counts");
        labelCounts.EnumerateObject().Sum(p => p.Value.GetInt32()).ShouldBe(4, "label counts survived the crash and kept counting");
        resumed.BestPrompt.Text.ShouldContain("RULE:s4");
    }

    private sealed class RejectFirstAttemptValidator : ISampleValidator
    {
        public string Name => "no_first_attempt";

        public string? Validate(SampleValidationContext context) =>
            context.Sample.Input.Contains("attempt 1", StringComparison.Ordinal) ? "first attempts are not allowed" : null;
    }
}
