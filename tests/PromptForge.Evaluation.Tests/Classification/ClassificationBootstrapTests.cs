namespace PromptForge.Evaluation.Tests.Classification;

public sealed class ClassificationBootstrapTests
{
    [Fact]
    public void Compute_PerfectPredictions_GiveAPointIntervalAtOne()
    {
        string[] labels = ["a", "b", "a", "b", "a", "b"];

        ClassificationIntervals intervals = ClassificationBootstrap.Compute(labels, labels);

        intervals.Accuracy.Low.Value.ShouldBe(1);
        intervals.Accuracy.High.Value.ShouldBe(1);
        intervals.MacroF1.Low.Value.ShouldBe(1);
        intervals.Resamples.ShouldBe(1_000);
    }

    [Fact]
    public void Compute_HalfRight_IntervalContainsTheObservedAccuracyAndIsSeeded()
    {
        string[] expected = [.. Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "a" : "b")];
        string[] predicted = [.. Enumerable.Range(0, 40).Select(i => i < 20 ? expected[i] : (expected[i] == "a" ? "b" : "a"))];

        ClassificationIntervals first = ClassificationBootstrap.Compute(expected, predicted, new ComparisonOptions { Seed = 3 });
        ClassificationIntervals again = ClassificationBootstrap.Compute(expected, predicted, new ComparisonOptions { Seed = 3 });

        first.Accuracy.Low.Value!.Value.ShouldBeInRange(0.25, 0.5);
        first.Accuracy.High.Value!.Value.ShouldBeInRange(0.5, 0.75);
        first.Accuracy.High.Value!.Value.ShouldBeGreaterThan(first.Accuracy.Low.Value!.Value + 0.1);
        first.WorstClassF1.Low.Value!.Value.ShouldBeLessThanOrEqualTo(first.MacroF1.Low.Value!.Value);
        again.ShouldBe(first);
    }

    [Fact]
    public void Compute_OneItem_IsNotMeasuredWithAReason()
    {
        ClassificationIntervals intervals = ClassificationBootstrap.Compute(["a"], ["a"]);

        intervals.MacroF1.Low.IsMeasured.ShouldBeFalse();
        intervals.MacroF1.Low.NotMeasuredReason.ShouldBe("a bootstrap interval needs at least 2 test items");
    }
}
