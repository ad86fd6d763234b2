namespace PromptForge.SynSmith.Tests.Updating;

public sealed class SynSmithAcceptanceGateTests
{
    private static IterationRecord Record(double? match, double? discriminator, double? duplicates) => new()
    {
        Iteration = 1,
        PromptVersion = 1,
        SampleCount = 16,
        Critiques = [],
        Metrics = new Dictionary<string, MetricValue>
        {
            [AttributeVerifier.MatchRateMetric] = match is { } m ? MetricValue.Measured(m, 16) : MetricValue.NotMeasured("off"),
            [RealismDiscriminator.AccuracyMetric] = discriminator is { } d ? MetricValue.Measured(d, 32) : MetricValue.NotMeasured("off"),
            [DiversityMetricNames.NearDuplicateRate] = duplicates is { } n ? MetricValue.Measured(n, 16) : MetricValue.NotMeasured("off"),
        },
    };

    [Fact]
    public void Objective_HandComputed()
    {
        // fidelity 0.8, realism 1 - 2|0.7 - 0.5| = 0.6, diversity 1 - 0.1 = 0.9: mean 0.7667.
        new SynSmithObjective().Score(Record(0.8, 0.7, 0.1))!.Value.ShouldBe(2.3 / 3, 1e-9);
        new SynSmithObjective().Score(Record(null, null, null)).ShouldBeNull();
    }

    [Fact]
    public void Defect16_Evaluate_RegressionOnEveryAxis_IsRejectedWithTheRegressionNamed()
    {
        var decision = new SynSmithAcceptanceGate().Evaluate(candidate: Record(0.5, 0.9, 0.4), baseline: Record(0.9, 0.6, 0.1));

        decision.Accepted.ShouldBeFalse();
        decision.Reason.ShouldContain("fidelity 0.9 -> 0.5");
    }

    [Fact]
    public void Evaluate_SmallDropWithinTolerance_IsAccepted()
    {
        new SynSmithAcceptanceGate().Evaluate(Record(0.89, 0.6, 0.1), Record(0.9, 0.6, 0.1)).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_Pareto_TradeOffIsAcceptedDominationIsRejected()
    {
        var gate = new SynSmithAcceptanceGate(new SynSmithGateOptions { Mode = SynSmithGateMode.Pareto });

        gate.Evaluate(Record(0.95, 0.8, 0.1), Record(0.9, 0.6, 0.1)).Accepted.ShouldBeTrue();
        gate.Evaluate(Record(0.8, 0.6, 0.1), Record(0.9, 0.6, 0.1)).Accepted.ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_NothingMeasuredInBoth_Accepts()
    {
        new SynSmithAcceptanceGate().Evaluate(Record(null, 0.5, null), Record(0.9, null, null)).Accepted.ShouldBeTrue();
    }
}
