namespace PromptForge.Tests.Loop.Versions;

public sealed class MeasurementGapTests
{
    [Fact]
    public void Find_EveryCriticMeasured_ReturnsNull()
    {
        var record = Record([new Critique { CriticName = "judge", Metrics = Metrics(("quality", MetricValue.Measured(0.5, 4))) }]);

        MeasurementGap.Find(record, new Objective("quality")).ShouldBeNull();
    }

    [Fact]
    public void Find_CriticFailedAndLeftAMetricUnmeasured_NamesTheCriticAndItsError()
    {
        var record = Record([Critique.CreateFailed("judge", "FormatException: nonsense", ["quality"])]);

        MeasurementGap.Find(record, objective: null).ShouldBe("critic judge could not measure (FormatException: nonsense)");
    }

    [Fact]
    public void Find_CriticReportedAnErrorButMeasuredEveryMetric_IsComplete()
    {
        var record = Record([new Critique { CriticName = "judge", Error = "summary call failed", Metrics = Metrics(("quality", MetricValue.Measured(0.5, 4))) }]);

        MeasurementGap.Find(record, objective: null).ShouldBeNull();
    }

    [Fact]
    public void Find_ObjectiveInputNotMeasured_NamesTheMetricAndTheReason()
    {
        var record = Record([new Critique { CriticName = "judge", Metrics = Metrics(("quality", MetricValue.NotMeasured("no samples"))) }]);

        MeasurementGap.Find(record, new Objective("quality")).ShouldBe("objective input quality not measured (no samples)");
        MeasurementGap.Find(record, new Objective("other")).ShouldBeNull();
    }

    private static Dictionary<string, MetricValue> Metrics(params (string Name, MetricValue Value)[] metrics) =>
        metrics.ToDictionary(m => m.Name, m => m.Value);

    private static IterationRecord Record(IReadOnlyList<Critique> critiques) => new()
    {
        Iteration = 1,
        PromptVersion = 0,
        SampleCount = 4,
        Critiques = critiques,
        Metrics = critiques.SelectMany(c => c.Metrics).ToDictionary(kv => kv.Key, kv => kv.Value),
    };

    private sealed class Objective(string input) : IPromptObjective
    {
        public double? Score(IterationRecord iteration) => iteration.Metrics[input].Value;

        public IReadOnlyCollection<string> InputMetrics => [input];
    }
}
