using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Updating;

public sealed class SynSmithPromptUpdaterTests
{
    private sealed class OpenerTicCritic : CriticBase
    {
        public override string Name => "opener_tic";

        public override Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(new Critique
            {
                CriticName = Name,
                Metrics = new Dictionary<string, MetricValue> { ["opener_tic_rate"] = MetricValue.Measured(0.42, context.Samples.Count) },
                Complaints = [new Complaint { Code = "opener-tic", Message = "every sample opens 'Hi team'", Evidence = ["Hi team, ..."] }],
            });
    }

    [Fact]
    public async Task UpdateAsync_CustomCriticAddedWithWithCritic_ReachesTheUpdaterFeedback()
    {
        var model = new FakeSynSmithModel();

        // Two iterations: the updater is not called in the last one.
        await SynSmithRuns.RunAsync(model.Client, o => o.Condition = SynSmithCondition.FullClassic, iterations: 2, samples: 4,
            builder: b => b.WithCritic(new OpenerTicCritic()));

        var payload = model.Client.CallsFor("synsmith.updater").Single().UserJson;
        var custom = payload["critics"]!.AsArray().Single(c => c!["critic"]!.GetValue<string>() == "opener_tic")!;
        custom["complaints"]![0]!["message"]!.GetValue<string>().ShouldBe("every sample opens 'Hi team'");
        custom["metrics"]!["opener_tic_rate"]!.GetValue<string>().ShouldStartWith("0.42");
    }

    [Fact]
    public async Task Defect05_AuxiliaryFailures_ReachTheUpdater()
    {
        var model = new FakeSynSmithModel { FailedAuxiliary = _ => ["noise"] };

        await SynSmithRuns.RunAsync(model.Client, o => o.Condition = SynSmithCondition.FullClassic, iterations: 2, samples: 4);

        var verifier = model.Client.CallsFor("synsmith.updater").Single().UserJson["critics"]!.AsArray()
            .Single(c => c!["critic"]!.GetValue<string>() == "attribute_verifier")!;
        verifier["complaints"]!.AsArray().ShouldContain(c => c!["code"]!.GetValue<string>() == "auxiliary_attribute_mismatch"
            && c["message"]!.GetValue<string>().Contains("noise", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateAsync_SeesHistoryWithMetricChangesAndBannedPhrases()
    {
        var model = new FakeSynSmithModel();

        await SynSmithRuns.RunAsync(model.Client, iterations: 4, samples: 8);

        var third = model.Client.CallsFor("synsmith.updater")[2].UserJson;
        var history = third["history"]!.AsArray();
        history.Count.ShouldBeGreaterThan(0);
        history[0]!["metric_changes"]!.AsObject().ContainsKey(AttributeVerifier.MatchRateMetric).ShouldBeTrue();
        third["banned_phrases"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldContain("Dear support team");
    }

    [Fact]
    public async Task UpdateAsync_FinalIteration_MakesNoModelCallAndProposesNothing()
    {
        var model = new FakeSynSmithModel();

        var run = await SynSmithRuns.RunAsync(model.Client, iterations: 2, samples: 8);

        run.MetricHistory[1].GateDecision!.ShouldStartWith("accepted:"); // measured: not an abstention that skips the updater
        model.Client.CallsFor("synsmith.updater").Count.ShouldBe(1);
        run.MetricHistory[0].Decision.ShouldBe(PromptUpdateDecision.Candidate);
        run.MetricHistory[1].Decision.ShouldBe(PromptUpdateDecision.NoChange);
        run.MetricHistory[1].UpdateReason!.ShouldStartWith("final iteration:");
        run.PromptHistory.ShouldNotContain(p => p.Status == PromptVersionStatus.Candidate);
    }

    [Fact]
    public async Task UpdateAsync_FencedReply_IsStrippedAndTheRunUsesIt()
    {
        var model = new FakeSynSmithModel { Rewrite = (_, _) => "```text\ntext-first prompt: write like real customers.\n```" };

        var run = await SynSmithRuns.RunAsync(model.Client, o => o.Condition = SynSmithCondition.SelfCritique, iterations: 2, samples: 4);

        run.PromptHistory.ShouldContain(p => p.Text == "text-first prompt: write like real customers.");
        model.Client.CallsFor("synsmith.generator").ShouldContain(c => c.System.StartsWith("text-first prompt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateAsync_MalformedReply_RoundFailsRunContinues()
    {
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.updater", _ => "Sure! Here is a better prompt: be realistic.");

        var run = await SynSmithRuns.RunAsync(model.Client, o => o.Condition = SynSmithCondition.SelfCritique, iterations: 2, samples: 4);

        run.Status.ShouldBe(RunStatus.Completed);
        run.MetricHistory[0].RoundFailed.ShouldBeTrue();
        run.PromptHistory.Count.ShouldBe(1);
    }
}
