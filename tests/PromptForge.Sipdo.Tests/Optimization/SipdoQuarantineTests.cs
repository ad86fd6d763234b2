using PromptForge.Sipdo.Tests.Fakes;

namespace PromptForge.Sipdo.Tests.Optimization;

/// <summary>An item no repair can fix is re-checked by the verifiers and, if they no longer support it, quarantined.</summary>
public sealed class SipdoQuarantineTests
{
    private const string Mislabeled = "MISLABELED";

    /// <summary>A world where the level-2 item's label is wrong: the task model always answers its true answer.</summary>
    private static SipdoHarness MislabeledLevelTwo(bool recheckRejects)
    {
        var harness = new SipdoHarness();
        harness.Model.Generate = (level, attempt, label) => level == 2
            ? ($"[skill:s2] [truth:{(label == "Yes" ? "No" : "Yes")}] {Mislabeled} level 2 item, attempt {attempt}: did the agent cause the outcome?", label)
            : ($"[skill:s{level}] [truth:{label}] Level {level} item, attempt {attempt}: did the agent cause the outcome?", label);
        harness.Model.Answer = (prompt, input) => input.Contains(Mislabeled, StringComparison.Ordinal)
            ? $"The answer is {(input.Contains("[truth:Yes]", StringComparison.Ordinal) ? "Yes" : "No")}."
            : FakeSipdoModel.DefaultAnswer(prompt, input);
        // The first votes support every label; shown the task model's answer, the verifiers see the mistake.
        harness.Model.Vote = (call, _) => (!(recheckRejects && call.User.Contains("<model_answer>", StringComparison.Ordinal)), null);
        return harness;
    }

    [Fact]
    public async Task RunAsync_MislabeledItemSurvivesVotes_IsQuarantinedAndLaterItemsAreRepaired()
    {
        var harness = MislabeledLevelTwo(recheckRejects: true);

        var run = await harness.RunAsync(o => o.Levels = 4);

        var stuck = run.MetricHistory[1];
        stuck.Decision.ShouldBe(PromptUpdateDecision.NoChange);
        stuck.Metrics[SipdoMetrics.Quarantined].Value.ShouldBe(1);
        var mislabeledId = run.Samples.Single(s => s.Input.Contains(Mislabeled, StringComparison.Ordinal)).Id;
        stuck.UpdateReason!.ShouldContain($"1 item(s) quarantined ({mislabeledId}: 0 of 3 re-check votes support the label");
        stuck.RoundFailed.ShouldBeFalse("the only error was the quarantined item");
        run.MetricHistory[2].Decision.ShouldBe(PromptUpdateDecision.Accepted, "level 3 is repaired: the quarantined item no longer blocks confirmation");
        run.MetricHistory[3].Decision.ShouldBe(PromptUpdateDecision.Accepted);
        run.BestPrompt.Text.ShouldContain("RULE:s3");
        run.BestPrompt.Text.ShouldContain("RULE:s4");
        run.Samples.ShouldContain(s => s.Id == mislabeledId, "a quarantined item stays in the run's samples");

        // The re-check showed the verifiers the task model's answer; the later rounds never answer the item again.
        var rechecks = harness.Model.Calls.Where(c => c.Role == "sipdo.verifier" && c.User.Contains("<model_answer>", StringComparison.Ordinal)).ToList();
        rechecks.Count.ShouldBe(3);
        rechecks.ShouldAllBe(c => c.User.Contains("The answer is", StringComparison.Ordinal));
        var details = run.MetricHistory[3].Critiques.Single().Details!.Value;
        details.GetProperty("items").EnumerateArray().ShouldNotContain(i => i.GetProperty("sample_id").GetString() == mislabeledId);
        details.GetProperty("quarantined")[0].GetProperty("item_id").GetString().ShouldBe(mislabeledId);
    }

    [Fact]
    public async Task RunAsync_RecheckUpholdsTheLabel_ItemStaysAndTheRoundFails()
    {
        var harness = MislabeledLevelTwo(recheckRejects: false);

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 3;
            o.MaxRepairAttempts = 2;
        });

        run.MetricHistory[1].RoundFailed.ShouldBeTrue();
        run.MetricHistory[1].Metrics[SipdoMetrics.Quarantined].Value.ShouldBe(0);
        run.MetricHistory[2].RoundFailed.ShouldBeTrue("the upheld item still blocks global confirmation");
        harness.Model.Calls.Count(c => c.Role == "sipdo.verifier" && c.User.Contains("<model_answer>", StringComparison.Ordinal))
            .ShouldBe(3, "an upheld item is re-checked once");
    }
}
