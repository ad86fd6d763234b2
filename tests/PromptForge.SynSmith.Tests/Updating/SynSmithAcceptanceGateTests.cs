using System.Text.Json;

namespace PromptForge.SynSmith.Tests.Updating;

public sealed class SynSmithAcceptanceGateTests
{
    private static IterationRecord Record(double? match, double? discriminator, double? duplicates, GateMeasurement? measurement = null, int iteration = 2) => new()
    {
        Iteration = iteration,
        PromptVersion = 1,
        SampleCount = 16,
        Critiques = measurement is null
            ? []
            : [new Critique { CriticName = GateMeasurementCritic.CriticName, Result = Artifact.Create(GateMeasurement.Key, measurement) }],
        Metrics = new Dictionary<string, MetricValue>
        {
            [AttributeVerifier.MatchRateMetric] = match is { } m ? MetricValue.Measured(m, 16) : MetricValue.NotMeasured("off"),
            [RealismDiscriminator.AccuracyMetric] = discriminator is { } d ? MetricValue.Measured(d, 32) : MetricValue.NotMeasured("off"),
            [DiversityMetricNames.NearDuplicateRate] = duplicates is { } n ? MetricValue.Measured(n, 16) : MetricValue.NotMeasured("off"),
        },
    };

    /// <summary>Units with one axis value per target, from a list of values.</summary>
    private static List<GateUnit> Units(string axis, params double[] values) =>
        values.Select((v, i) => new GateUnit { Target = i, SampleId = $"s{i}", Axes = { [axis] = v } }).ToList();

    private static List<GateUnit> Units(params (string Axis, double[] Values)[] axes)
    {
        var units = Enumerable.Range(0, axes[0].Values.Length).Select(i => new GateUnit { Target = i, SampleId = $"s{i}" }).ToList();
        foreach (var (axis, values) in axes)
        {
            for (var i = 0; i < values.Length; i++)
            {
                units[i].Axes[axis] = values[i];
            }
        }

        return units;
    }

    private static IterationRecord Paired(List<GateUnit> candidate, List<GateUnit> incumbent) =>
        Record(null, null, null, new GateMeasurement { PromptVersion = 2, Units = candidate, IncumbentVersion = 1, IncumbentUnits = incumbent, ExtraCalls = 7 });

    private static readonly IterationRecord Baseline = Record(0.9, 0.6, 0.1, iteration: 1);

    private static double[] Repeat(double value, int count) => Enumerable.Repeat(value, count).ToArray();

    private static double[] Ones(int ones, int count) => Enumerable.Range(0, count).Select(i => i < ones ? 1.0 : 0.0).ToArray();

    [Fact]
    public void Evaluate_FixedMeasurement_TheSameIntervalInEveryProcess()
    {
        // The bootstrap's seed comes from the options' seed and the iteration only (HashCode.Combine, randomized per
        // process, made two identical CLI runs differ in their third decimal): this interval is the same in every process.
        var candidate = Units(GateAxes.Fidelity, [.. Enumerable.Range(0, 40).Select(i => (i * 7 % 40) / 40.0)]);
        var incumbent = Units(GateAxes.Fidelity, [.. Enumerable.Range(0, 40).Select(i => (i * 11 % 40) / 41.0)]);

        var decision = new SynSmithAcceptanceGate().Evaluate(Paired(candidate, incumbent), Baseline);

        decision.Reason.ShouldContain("objective difference +0.012 [95% CI -0.124, +0.146]");
    }

    [Fact]
    public void Objective_HandComputed()
    {
        // fidelity 0.8, realism 1 - 2|0.7 - 0.5| = 0.6, diversity 1 - 0.1 = 0.9: mean 0.7667.
        new SynSmithObjective().Score(Record(0.8, 0.7, 0.1))!.Value.ShouldBe(2.3 / 3, 1e-9);
        new SynSmithObjective().Score(Record(null, null, null)).ShouldBeNull();
    }

    [Fact]
    public void Objective_EveryCriticWeighsIn_HandComputed()
    {
        var record = new IterationRecord
        {
            Iteration = 1,
            PromptVersion = 0,
            SampleCount = 16,
            Critiques = [],
            Metrics = new Dictionary<string, MetricValue>
            {
                [AttributeVerifier.MatchRateMetric] = MetricValue.Measured(0.8, 16),
                [PackDiscriminator.AccuracyMetric] = MetricValue.Measured(0.75, 8),
                [ModeSeekingCritic.RatioMetric] = MetricValue.Measured(1.0, 16),
                [CoverageHoleFinder.AurocMetric] = MetricValue.Measured(0.9, 56),
                [ModeHunter.BannedPhrasingCountMetric] = MetricValue.Measured(4, 16),
            },
        };

        var axes = SynSmithObjective.Axes(record);
        axes[GateAxes.Pack].ShouldBe(0.5, 1e-9);
        axes[GateAxes.ModeSeeking].ShouldBe(0.5, 1e-9);
        axes[GateAxes.Coverage].ShouldBe(0.2, 1e-9);
        axes[GateAxes.BannedPhrasing].ShouldBe(0.75, 1e-9);

        // Weights 1 (fidelity) and 0.5 for the other four: (0.8 + 0.5 (0.5 + 0.5 + 0.2 + 0.75)) / 3.
        new SynSmithObjective().Score(record)!.Value.ShouldBe((0.8 + (0.5 * 1.95)) / 3, 1e-9);
        new SynSmithObjective(new SynSmithGateOptions { PackWeight = 0, ModeSeekingWeight = 0, CoverageWeight = 0, BannedPhrasingWeight = 0 }).Score(record)!.Value.ShouldBe(0.8, 1e-9);
    }

    [Fact]
    public void Evaluate_PairedClearImprovement_IsAcceptedAndSaysItWasPaired()
    {
        var decision = new SynSmithAcceptanceGate().Evaluate(Paired(Units(GateAxes.Fidelity, Repeat(1, 20)), Units(GateAxes.Fidelity, Ones(10, 20))), Baseline);

        decision.Accepted.ShouldBeTrue(decision.Reason);
        decision.Reason.ShouldContain("paired on 20 target vectors against incumbent v1 (7 extra model calls)");
        decision.Reason.ShouldContain("fidelity 0.5 -> 1");
    }

    [Fact]
    public void Evaluate_PairedIdenticalWork_IsRejectedAsNoise()
    {
        var same = Units(GateAxes.Fidelity, Ones(12, 20));

        var decision = new SynSmithAcceptanceGate().Evaluate(Paired(same, Units(GateAxes.Fidelity, Ones(12, 20))), Baseline);

        decision.Accepted.ShouldBeFalse();
        decision.Reason.ShouldStartWith("no improvement distinguishable from noise");
    }

    [Fact]
    public void Defect16_Evaluate_PairedRegression_IsRejectedWithTheRegressionNamed()
    {
        var decision = new SynSmithAcceptanceGate().Evaluate(Paired(Units(GateAxes.Fidelity, Ones(10, 20)), Units(GateAxes.Fidelity, Repeat(1, 20))), Baseline);

        decision.Accepted.ShouldBeFalse();
        decision.Reason.ShouldStartWith("the rewrite regressed");
        decision.Reason.ShouldContain("fidelity 1 -> 0.5");
    }

    [Fact]
    public void Evaluate_ImprovementBelowTheMinimumEffect_IsRejected()
    {
        // +0.2 on fidelity for every target: clears 0.1, not 0.3.
        var candidate = Units(GateAxes.Fidelity, Repeat(0.8, 20));
        var incumbent = Units(GateAxes.Fidelity, Repeat(0.6, 20));

        new SynSmithAcceptanceGate(new SynSmithGateOptions { MinimumEffect = 0.1 }).Evaluate(Paired(candidate, incumbent), Baseline).Accepted.ShouldBeTrue();
        new SynSmithAcceptanceGate(new SynSmithGateOptions { MinimumEffect = 0.3 }).Evaluate(Paired(candidate, incumbent), Baseline).Accepted.ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_RealismIsClosenessToChance_DetectingHalfBeatsDetectingAll()
    {
        // Realism contributions are "detected" flags: detecting 10 of 20 is chance (1.0), detecting all is 0.
        var decision = new SynSmithAcceptanceGate().Evaluate(Paired(Units(GateAxes.Realism, Ones(10, 20)), Units(GateAxes.Realism, Repeat(1, 20))), Baseline);

        decision.Accepted.ShouldBeTrue(decision.Reason);
        decision.Reason.ShouldContain("realism 0 -> 1");
    }

    [Fact]
    public void Evaluate_Pareto_ImprovementWithoutRegressionIsAcceptedTradeOffIsRejected()
    {
        var gate = new SynSmithAcceptanceGate(new SynSmithGateOptions { Mode = SynSmithGateMode.Pareto });
        var better = Units((GateAxes.Fidelity, Repeat(1, 20)), (GateAxes.Diversity, Ones(15, 20)));
        var tradeOff = Units((GateAxes.Fidelity, Repeat(1, 20)), (GateAxes.Diversity, Repeat(0, 20)));
        var incumbent = Units((GateAxes.Fidelity, Ones(8, 20)), (GateAxes.Diversity, Ones(15, 20)));

        var accepted = gate.Evaluate(Paired(better, incumbent), Baseline);
        accepted.Accepted.ShouldBeTrue(accepted.Reason);
        accepted.Reason.ShouldStartWith("improved fidelity with none regressed");

        var rejected = gate.Evaluate(Paired(tradeOff, incumbent), Baseline);
        rejected.Accepted.ShouldBeFalse();
        rejected.Reason.ShouldStartWith("regressed diversity");
    }

    [Fact]
    public void Evaluate_WithoutPairedWork_ComparesWithTheBaselineBatchUnpaired()
    {
        var candidate = Record(null, null, null, new GateMeasurement { PromptVersion = 2, Units = Units(GateAxes.Fidelity, Repeat(1, 20)) });
        var baseline = Record(null, null, null, new GateMeasurement { PromptVersion = 1, Units = Units(GateAxes.Fidelity, Ones(6, 20)) }, iteration: 1);

        var decision = new SynSmithAcceptanceGate().Evaluate(candidate, baseline);

        decision.Accepted.ShouldBeTrue(decision.Reason);
        decision.Reason.ShouldContain("unpaired: 20 candidate samples vs 20 of baseline iteration 1");
    }

    [Fact]
    public void Evaluate_NoPerSampleMeasurement_KeepsTheIncumbent()
    {
        // Aggregate metrics alone say nothing about noise: nothing is accepted on them.
        var decision = new SynSmithAcceptanceGate().Evaluate(Record(1.0, 0.5, 0.0), Record(0.1, 1.0, 0.9));

        decision.Accepted.ShouldBeFalse();
        decision.Reason.ShouldContain("no per-sample gate measurement");
    }

    [Fact]
    public void Evaluate_SameInputs_SameDecisionAndInterval()
    {
        var candidate = Paired(Units(GateAxes.Fidelity, Ones(14, 20)), Units(GateAxes.Fidelity, Ones(11, 20)));

        new SynSmithAcceptanceGate().Evaluate(candidate, Baseline).Reason.ShouldBe(new SynSmithAcceptanceGate().Evaluate(candidate, Baseline).Reason);
    }

    [Fact]
    public void Evaluate_CandidateEqualToIncumbentInDistribution_FalselyAcceptedAtMostFivePercent()
    {
        // 400 seeded null trials: both sides draw pass/fail and detection flags from the same distribution.
        var random = new Random(2026);
        var gate = new SynSmithAcceptanceGate();
        var accepted = 0;
        const int trials = 400;
        for (var t = 0; t < trials; t++)
        {
            List<GateUnit> Draw() => Units(
                (GateAxes.Fidelity, Enumerable.Range(0, 16).Select(_ => random.NextDouble() < 0.7 ? 1.0 : 0.0).ToArray()),
                (GateAxes.Realism, Enumerable.Range(0, 16).Select(_ => random.NextDouble() < 0.8 ? 1.0 : 0.0).ToArray()),
                (GateAxes.Diversity, Enumerable.Range(0, 16).Select(_ => random.NextDouble() < 0.9 ? 1.0 : 0.0).ToArray()));
            accepted += gate.Evaluate(Record(null, null, null, new GateMeasurement { PromptVersion = 2, Units = Draw(), IncumbentVersion = 1, IncumbentUnits = Draw() }, iteration: t + 2), Baseline).Accepted ? 1 : 0;
        }

        (accepted / (double)trials).ShouldBeLessThanOrEqualTo(0.05);
    }
}
