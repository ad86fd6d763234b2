namespace PromptForge.Tests.Loop.Versions;

public sealed class PromptVersionLedgerTests
{
    private static readonly IPromptAcceptanceGate Gate = new QualityGate();

    [Fact]
    public void Measure_NoCandidateOnTrial_ScoresACompleteMeasurementWithoutGating()
    {
        var state = NewState();
        var ledger = Ledger(state);

        var outcome = ledger.Measure(Record(1, 0, 0.4), 0.4, measurementGap: null, Gate);

        outcome.Kind.ShouldBe(GateOutcomeKind.None);
        outcome.Decision.ShouldBeNull();
        state.GetVersion(0).Score.ShouldBe(0.4);
    }

    [Fact]
    public void Measure_PartialMeasurement_LeavesTheVersionUnscored()
    {
        var state = NewState();

        Ledger(state).Measure(Record(1, 0, 0.4), 0.4, measurementGap: "critic judge could not measure", Gate);

        state.GetVersion(0).Score.ShouldBeNull();
    }

    [Fact]
    public void Measure_CandidateMeasuredPartially_AbstainsAndKeepsItOnTrialAgainstTheSameBaseline()
    {
        var state = NewState();
        Commit(state, Ledger(state), Record(1, 0, 0.5), candidate: "v1");

        var outcome = Ledger(state).Measure(Record(2, 1, 0.9), 0.9, "critic judge could not measure", Gate);

        outcome.Kind.ShouldBe(GateOutcomeKind.Abstained);
        outcome.Decision.ShouldBe("abstained: critic judge could not measure; candidate v1 stays on trial and is measured again next iteration");
        state.GetVersion(1).Status.ShouldBe(PromptVersionStatus.Candidate);
        state.GetVersion(1).Score.ShouldBeNull();
        state.CurrentVersion.ShouldBe(1);
        state.PendingBaselineIteration.ShouldBe(1);
    }

    [Fact]
    public void Measure_CandidateThatRegresses_IsRejectedAndTheIncumbentIsBackInForce()
    {
        var state = NewState();
        var baseline = Record(1, 0, 0.5);
        Commit(state, Ledger(state), baseline, candidate: "v1");
        var measured = Record(2, 1, 0.3);

        var outcome = Ledger(state).Measure(measured, 0.3, null, Gate);

        outcome.Kind.ShouldBe(GateOutcomeKind.Rejected);
        outcome.Decision.ShouldBe("rejected: 0.3 < 0.5");
        state.GetVersion(1).Status.ShouldBe(PromptVersionStatus.Rejected);
        state.GetVersion(1).StatusReason.ShouldBe("0.3 < 0.5");
        state.GetVersion(1).Score.ShouldBe(0.3);
        state.CurrentVersion.ShouldBe(0);
        state.PendingBaselineIteration.ShouldBeNull();
        outcome.Rejection.ShouldNotBeNull();
        outcome.Rejection.Candidate.Version.ShouldBe(1);
        outcome.Rejection.CandidateIteration.ShouldBeSameAs(measured);
        outcome.Rejection.BaselineIteration.Iteration.ShouldBe(1);
    }

    [Fact]
    public void Measure_CandidateThatImproves_IsAccepted()
    {
        var state = NewState();
        Commit(state, Ledger(state), Record(1, 0, 0.5), candidate: "v1");

        var outcome = Ledger(state).Measure(Record(2, 1, 0.7), 0.7, null, Gate);

        outcome.Kind.ShouldBe(GateOutcomeKind.Accepted);
        outcome.Decision.ShouldBe("accepted: 0.7 >= 0.5");
        outcome.Candidate!.Status.ShouldBe(PromptVersionStatus.Accepted);
        state.GetVersion(1).Status.ShouldBe(PromptVersionStatus.Accepted);
        state.CurrentVersion.ShouldBe(1);
    }

    [Fact]
    public void Measure_NoGateConfigured_AcceptsTheCandidate()
    {
        var state = NewState();
        Commit(state, Ledger(state), Record(1, 0, 0.5), candidate: "v1");

        var outcome = Ledger(state).Measure(Record(2, 1, 0.1), 0.1, null, gate: null);

        outcome.Decision.ShouldBe("accepted: no acceptance gate configured");
    }

    [Fact]
    public void Measure_IncumbentNeverMeasuredCompletely_AcceptsAndSaysThereIsNoBaseline()
    {
        var state = NewState();
        var ledger = Ledger(state);
        ledger.Measure(Record(1, 0, null), null, "critic judge could not measure", Gate);
        ledger.Adopt(1, Candidate("v1"));
        state.CompleteIteration(Record(1, 0, null), []);
        state.PendingBaselineIteration.ShouldBeNull();

        var outcome = Ledger(state).Measure(Record(2, 1, 0.1), 0.1, null, Gate);

        outcome.Decision.ShouldBe("accepted: v0 was never measured completely, so there is no baseline to compare with");
    }

    [Fact]
    public void Adopt_CandidateProposedRightAfterARollback_IsJudgedAgainstTheIncumbentsOwnMeasurement()
    {
        // v1 accepted at 0.85 (iteration 2), v2 rejected at 0.55 (iteration 3), v3 proposed from v1 in iteration 3.
        var state = NewState();
        Commit(state, Ledger(state), Record(1, 0, 0.6), candidate: "v1");
        var second = Ledger(state);
        second.Measure(Record(2, 1, 0.85), 0.85, null, Gate).Kind.ShouldBe(GateOutcomeKind.Accepted);
        Commit(state, second, Record(2, 1, 0.85), candidate: "v2", measured: true);
        var third = Ledger(state);
        third.Measure(Record(3, 2, 0.55), 0.55, null, Gate).Kind.ShouldBe(GateOutcomeKind.Rejected);
        Commit(state, third, Record(3, 2, 0.55), candidate: "v3", measured: true);

        state.GetVersion(3).ParentVersion.ShouldBe(1);
        state.PendingBaselineIteration.ShouldBe(2);
        var outcome = Ledger(state).Measure(Record(4, 3, 0.783), 0.783, null, Gate);

        outcome.Decision.ShouldBe("rejected: 0.783 < 0.85");
        state.CurrentVersion.ShouldBe(1);
    }

    [Fact]
    public void Measure_CheckpointPointsAtTheRejectedCandidatesMeasurement_JudgesAgainstTheIncumbentInstead()
    {
        // A run checkpointed by a build with the baseline bug, resumed: the pending baseline is v2's iteration 3.
        var state = NewState();
        Commit(state, Ledger(state), Record(1, 0, 0.6), candidate: "v1");
        var second = Ledger(state);
        second.Measure(Record(2, 1, 0.85), 0.85, null, Gate);
        Commit(state, second, Record(2, 1, 0.85), candidate: "v2", measured: true);
        var third = Ledger(state);
        third.Measure(Record(3, 2, 0.55), 0.55, null, Gate);
        Commit(state, third, Record(3, 2, 0.55), candidate: "v3", measured: true);
        state.PendingBaselineIteration = 3;

        var outcome = Ledger(state).Measure(Record(4, 3, 0.783), 0.783, null, Gate);

        outcome.Decision.ShouldBe("rejected: 0.783 < 0.85");
        outcome.Rejection!.BaselineIteration.Iteration.ShouldBe(2);
    }

    [Fact]
    public void Adopt_IncumbentMeasuredPartiallyThisIteration_BaselineIsItsLatestCompleteMeasurement()
    {
        var state = NewState();
        var first = Ledger(state);
        first.Measure(Record(1, 0, 0.6), 0.6, null, Gate);
        state.CompleteIteration(Record(1, 0, 0.6), []);
        var second = Ledger(state);
        second.Measure(Record(2, 0, null), null, "critic judge could not measure", Gate);

        second.Adopt(2, Candidate("v1"));

        state.PendingBaselineIteration.ShouldBe(1);
    }

    [Fact]
    public void Adopt_ConfirmedRewriteWithTriedProposals_RecordsTheTriedAsRejectedAndAdoptsTheLast()
    {
        var state = NewState();
        var ledger = Ledger(state);
        ledger.Measure(Record(1, 0, 0.5), 0.5, null, Gate);

        var (proposals, versions) = ledger.Adopt(1, new PromptUpdate
        {
            Decision = PromptUpdateDecision.Accepted,
            NewText = "final",
            Motivation = "fix",
            Proposals =
            [
                new PromptProposal { Text = "tried", Status = PromptVersionStatus.Rejected, Reason = "lost a sample" },
                new PromptProposal { Text = "final", Status = PromptVersionStatus.Accepted, Reason = "confirmed" },
            ],
        });

        proposals.Count.ShouldBe(2);
        versions.Select(v => (v.Version.Version, v.Version.Status, v.Reason)).ShouldBe(
            [(1, PromptVersionStatus.Rejected, "lost a sample"), (2, PromptVersionStatus.Accepted, "confirmed")]);
        state.GetVersion(2).ParentVersion.ShouldBe(1);
        state.GetVersion(2).Motivation.ShouldBe("fix");
        state.CurrentVersion.ShouldBe(2);
        state.PendingBaselineIteration.ShouldBeNull();
    }

    [Fact]
    public void Adopt_NoChange_RecordsNothing()
    {
        var state = NewState();
        var ledger = Ledger(state);
        ledger.Measure(Record(1, 0, 0.5), 0.5, null, Gate);

        var (proposals, versions) = ledger.Adopt(1, PromptUpdate.NoChange("nothing to fix"));

        proposals.ShouldBeEmpty();
        versions.ShouldBeEmpty();
        state.Prompts.Count.ShouldBe(1);
        state.CurrentVersion.ShouldBe(0);
    }

    [Fact]
    public void Admit_CandidateInTheFinalIteration_BecomesNoChangeWithTheReason()
    {
        var update = new PromptUpdate
        {
            Decision = PromptUpdateDecision.Candidate,
            NewText = "v2",
            Proposals = [new PromptProposal { Text = "tried", Status = PromptVersionStatus.Rejected }, new PromptProposal { Text = "v2", Status = PromptVersionStatus.Candidate }],
            Metrics = new Dictionary<string, MetricValue> { ["repairs"] = MetricValue.Measured(1, 1) },
        };

        var admitted = PromptVersionLedger.Admit(update, isFinalIteration: true);

        admitted.Decision.ShouldBe(PromptUpdateDecision.NoChange);
        admitted.RoundFailed.ShouldBeFalse();
        admitted.Reason!.ShouldStartWith("final iteration: the candidate rewrite was not proposed");
        admitted.Proposals.Select(p => p.Text).ShouldBe(["tried"]);
        admitted.Metrics.Keys.ShouldBe(["repairs"]);
    }

    [Theory]
    [InlineData(PromptUpdateDecision.Accepted, true)]
    [InlineData(PromptUpdateDecision.NoChange, true)]
    [InlineData(PromptUpdateDecision.Candidate, false)]
    public void Admit_ConfirmedRewriteOrNotFinal_IsKeptAsItIs(PromptUpdateDecision decision, bool isFinalIteration)
    {
        var update = new PromptUpdate { Decision = decision, NewText = "v1" };

        PromptVersionLedger.Admit(update, isFinalIteration).ShouldBeSameAs(update);
    }

    [Fact]
    public void SelectBest_HighestScoreAmongKeptVersions_IgnoresRejectedAndOnTrial()
    {
        var state = NewState();
        state.ScorePrompt(0, 0.5);
        Add(state, "rejected", PromptVersionStatus.Rejected, 0.9);
        Add(state, "accepted", PromptVersionStatus.Accepted, 0.6);
        Add(state, "on trial", PromptVersionStatus.Candidate, 0.95);

        PromptVersionLedger.SelectBest(state).Version.ShouldBe(2);
    }

    [Fact]
    public void SelectBest_TieOnScore_PrefersTheShorter()
    {
        var state = NewState("a longer prompt");
        state.ScorePrompt(0, 0.5);
        Add(state, "short", PromptVersionStatus.Accepted, 0.5);
        Add(state, "a longer one", PromptVersionStatus.Accepted, 0.5);

        PromptVersionLedger.SelectBest(state).Version.ShouldBe(1);
    }

    [Fact]
    public void SelectBest_TieOnScoreAndLength_PrefersTheLater()
    {
        var state = NewState("p0");
        state.ScorePrompt(0, 0.5);
        Add(state, "p1", PromptVersionStatus.Accepted, 0.5);
        Add(state, "p2", PromptVersionStatus.Accepted, 0.5);
        Add(state, "p3", PromptVersionStatus.Accepted, 0.4);

        PromptVersionLedger.SelectBest(state).Version.ShouldBe(2);
    }

    [Fact]
    public void SelectBest_NothingScoredWhileACandidateIsOnTrial_ReturnsTheIncumbent()
    {
        var state = NewState();
        Add(state, "on trial", PromptVersionStatus.Candidate, score: null);
        state.CurrentVersion = 1;

        PromptVersionLedger.SelectBest(state).Version.ShouldBe(0);
    }

    private static LoopState NewState(string text = "p") =>
        new("run", new PromptVersion { Version = 0, Text = text, Status = PromptVersionStatus.Initial });

    private static PromptVersionLedger Ledger(LoopState state) => new(state, record => record.Metrics["quality"].IsMeasured);

    private static void Add(LoopState state, string text, PromptVersionStatus status, double? score)
    {
        var version = state.AddVersion(text, state.Prompts[^1].Version, motivation: null, iteration: 1, status, reason: null);
        if (score is { } value)
        {
            state.ScorePrompt(version.Version, value);
        }
    }

    /// <summary>Measures (unless already done), proposes a candidate and commits the iteration.</summary>
    private static void Commit(LoopState state, PromptVersionLedger ledger, IterationRecord record, string candidate, bool measured = false)
    {
        if (!measured)
        {
            ledger.Measure(record, record.Metrics["quality"].Value, null, Gate);
        }

        ledger.Adopt(record.Iteration, Candidate(candidate));
        state.CompleteIteration(record, []);
    }

    private static PromptUpdate Candidate(string text) => new() { Decision = PromptUpdateDecision.Candidate, NewText = text };

    private static IterationRecord Record(int iteration, int version, double? quality) => new()
    {
        Iteration = iteration,
        PromptVersion = version,
        SampleCount = 1,
        Metrics = new Dictionary<string, MetricValue> { ["quality"] = quality is { } q ? MetricValue.Measured(q, 1) : MetricValue.NotMeasured("critic failed") },
        Critiques = [],
    };

    private sealed class QualityGate : IPromptAcceptanceGate
    {
        public GateDecision Evaluate(IterationRecord candidate, IterationRecord baseline)
        {
            double c = candidate.Metrics["quality"].Value!.Value;
            double b = baseline.Metrics["quality"].Value!.Value;
            return c >= b
                ? GateDecision.Accept(FormattableString.Invariant($"{c} >= {b}"))
                : GateDecision.Reject(FormattableString.Invariant($"{c} < {b}"));
        }
    }
}
