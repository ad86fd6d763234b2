namespace PromptForge.Evaluation.Tests.Classification;

public sealed class BinaryClassificationMetricsTests
{
    [Fact]
    public void Auroc_NoTies_CountsCorrectlyOrderedPairs()
    {
        // Positives 0.35, 0.8; negatives 0.1, 0.4. Pairs ordered correctly: (0.35>0.1), (0.8>0.1), (0.8>0.4) = 3 of 4.
        var value = BinaryClassificationMetrics.Auroc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);

        value.Value.ShouldBe(0.75);
        value.SampleSize.ShouldBe(4);
    }

    [Fact]
    public void Auroc_Ties_CountHalf()
    {
        // Positives 0.5, 0.9; negatives 0.5, 0.5. Pairs: (0.5 vs 0.5) x2 = 0.5 each, (0.9 vs 0.5) x2 = 1 each -> 3/4.
        BinaryClassificationMetrics.Auroc([0.5, 0.5, 0.5, 0.9], [false, true, false, true]).Value.ShouldBe(0.75);

        // All scores tied: chance.
        BinaryClassificationMetrics.Auroc([0.2, 0.2, 0.2], [true, false, false]).Value.ShouldBe(0.5);
    }

    [Fact]
    public void Auroc_PerfectAndInverted()
    {
        BinaryClassificationMetrics.Auroc([1, 2, 3, 4], [false, false, true, true]).Value.ShouldBe(1.0);
        BinaryClassificationMetrics.Auroc([4, 3, 2, 1], [false, false, true, true]).Value.ShouldBe(0.0);
    }

    [Fact]
    public void Auroc_OneClassOnly_NotMeasured()
    {
        BinaryClassificationMetrics.Auroc([0.1, 0.2], [true, true]).IsMeasured.ShouldBeFalse();
    }

    [Fact]
    public void Auroc_LengthMismatch_Throws()
    {
        Should.Throw<ArgumentException>(() => BinaryClassificationMetrics.Auroc([0.1], [true, false]));
    }
}
