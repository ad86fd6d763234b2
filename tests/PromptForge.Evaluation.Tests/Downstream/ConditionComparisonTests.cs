namespace PromptForge.Evaluation.Tests.Downstream;

public sealed class ConditionComparisonTests
{
    [Fact]
    public void Compare_IdenticalPredictions_ZeroDifferenceAndPValueOne()
    {
        string[] expected = ["a", "b", "a", "b", "a", "b"];
        string[] predicted = ["a", "a", "a", "b", "b", "b"];

        var result = ConditionComparison.Compare(expected, ("x", predicted), ("y", predicted));

        result.Difference.Value.ShouldBe(0.0);
        result.ConfidenceLow.Value.ShouldBe(0.0);
        result.ConfidenceHigh.Value.ShouldBe(0.0);
        result.PValue.Value.ShouldBe(1.0);
        result.PValue.SampleSize.ShouldBe(6);
    }

    [Fact]
    public void Compare_ClearlyBetterCondition_SignificantWithPositiveInterval()
    {
        var random = new Random(5);
        var expected = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? "a" : "b").ToArray();
        var good = expected.Select(e => random.NextDouble() < 0.9 ? e : (e == "a" ? "b" : "a")).ToArray();
        var poor = expected.Select(e => random.NextDouble() < 0.55 ? e : (e == "a" ? "b" : "a")).ToArray();

        var result = ConditionComparison.Compare(expected, ("good", good), ("poor", poor), ComparisonMetric.Accuracy, new ComparisonOptions { Seed = 1 });

        result.Difference.Value!.Value.ShouldBeGreaterThan(0.2);
        result.ConfidenceLow.Value!.Value.ShouldBeGreaterThan(0.0);
        result.ConfidenceHigh.Value!.Value.ShouldBeGreaterThan(result.ConfidenceLow.Value.Value);
        result.PValue.Value!.Value.ShouldBeLessThan(0.01);
    }

    [Fact]
    public void Compare_IsReproducibleForASeed()
    {
        string[] expected = ["a", "b", "c", "a", "b", "c", "a"];
        string[] first = ["a", "b", "b", "a", "c", "c", "a"];
        string[] second = ["a", "a", "c", "b", "b", "c", "c"];
        var options = new ComparisonOptions { Seed = 42 };

        var one = ConditionComparison.Compare(expected, ("f", first), ("s", second), options: options);
        var two = ConditionComparison.Compare(expected, ("f", first), ("s", second), options: options);

        two.ShouldBe(one);
    }

    [Fact]
    public void Compare_OneItem_EveryFigureNotMeasuredWithReason()
    {
        var result = ConditionComparison.Compare(["a"], ("x", ["a"]), ("y", ["b"]));

        MetricValue[] figures = [result.Difference, result.ConfidenceLow, result.ConfidenceHigh, result.PValue];
        figures.ShouldAllBe(f => !f.IsMeasured && f.NotMeasuredReason!.Contains("at least 2 test items"));
    }
}
