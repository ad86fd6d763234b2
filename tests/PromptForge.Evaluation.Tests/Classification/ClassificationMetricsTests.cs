namespace PromptForge.Evaluation.Tests.Classification;

public sealed class ClassificationMetricsTests
{
    [Fact]
    public void Compute_LabelNeverPredicted_HasF1ZeroAndCountsInMacro()
    {
        // Expected: a a b c. Predicted: a a a a.
        // a: TP 2, FP 2, FN 0 -> F1 = 4/6. b: TP 0, FN 1 -> 0. c: 0. Macro = (2/3)/3 = 2/9. Accuracy 1/2.
        var report = ClassificationMetrics.Compute(["a", "a", "b", "c"], ["a", "a", "a", "a"]);

        report.Accuracy.Value.ShouldBe(0.5);
        report.PerClassF1["a"].Value!.Value.ShouldBe(2.0 / 3.0, 1e-12);
        report.PerClassF1["b"].Value.ShouldBe(0.0);
        report.MacroF1.Value!.Value.ShouldBe(2.0 / 9.0, 1e-12);
        report.WorstClassF1.Value.ShouldBe(0.0);
        report.WorstClass.ShouldBe("b");
        report.PerClassF1["a"].SampleSize.ShouldBe(2);
    }

    [Fact]
    public void Compute_PredictedLabelAbsentFromTestSet_IsExcludedFromMacro()
    {
        // Expected: a b. Predicted: a z. "z" is not in the test set: macro over {a, b} only.
        // a: TP 1 -> F1 1. b: TP 0, FN 1 -> 0. Macro = 0.5 (not (1 + 0 + 0) / 3).
        var report = ClassificationMetrics.Compute(["a", "b"], ["a", "z"]);

        report.PerClassF1.Keys.ShouldBe(["a", "b"]);
        report.MacroF1.Value.ShouldBe(0.5);
    }

    [Fact]
    public void Compute_NoItems_NotMeasured()
    {
        var report = ClassificationMetrics.Compute([], []);

        report.Accuracy.IsMeasured.ShouldBeFalse();
        report.MacroF1.IsMeasured.ShouldBeFalse();
    }
}
