using PromptForge.Evaluation.Tests.TestData;

namespace PromptForge.Evaluation.Tests.Realism;

public sealed class MaximumMeanDiscrepancyTests
{
    [Fact]
    public void Compute_SameDistribution_IsNearZero()
    {
        var x = EmbeddingMatrix.FromRows(SyntheticVectors.Gaussian(300, 8, seed: 1));
        var y = EmbeddingMatrix.FromRows(SyntheticVectors.Gaussian(300, 8, seed: 2));

        var result = MaximumMeanDiscrepancy.Compute(x, y);

        Math.Abs(result.MmdSquared.Value!.Value).ShouldBeLessThan(0.01);
        result.MmdSquared.SampleSize.ShouldBe(600);
        result.Subsampled.ShouldBeFalse();
    }

    [Fact]
    public void Compute_DisjointDistributions_IsClearlyPositive()
    {
        var x = EmbeddingMatrix.FromRows(SyntheticVectors.Gaussian(300, 8, seed: 1));
        var y = EmbeddingMatrix.FromRows(SyntheticVectors.Gaussian(300, 8, seed: 2, mean: 4.0));

        MaximumMeanDiscrepancy.Compute(x, y).MmdSquared.Value!.Value.ShouldBeGreaterThan(0.5);
    }

    [Fact]
    public void Compute_TinySets_MatchesHandComputedUnbiasedEstimate()
    {
        // X = {0, 1}, Y = {3, 4} on a line, fixed sigma = 1: k(d) = exp(-d^2 / 2).
        // Kxx (i != j) = 2 k(1); Kyy = 2 k(1); Kxy = k(3) + k(4) + k(2) + k(3).
        // MMD^2 = 2k(1)/2 + 2k(1)/2 - 2 (2k(3) + k(4) + k(2)) / 4.
        static double K(double d) => Math.Exp(-d * d / 2);
        double expected = (2 * K(1)) - ((2 * K(3)) + K(4) + K(2)) / 2;
        var x = EmbeddingMatrix.FromRows([new float[] { 0 }, new float[] { 1 }]);
        var y = EmbeddingMatrix.FromRows([new float[] { 3 }, new float[] { 4 }]);

        var result = MaximumMeanDiscrepancy.Compute(x, y, new MmdOptions { Bandwidth = 1.0 });

        result.MmdSquared.Value!.Value.ShouldBe(expected, 1e-9);
    }

    [Fact]
    public void Compute_MedianHeuristic_UsesMedianPairwiseDistance()
    {
        // Pooled points 0, 1, 3, 4: pairwise distances 1,3,4,2,3,1 -> sorted 1,1,2,3,3,4 -> median 2.5.
        var x = EmbeddingMatrix.FromRows([new float[] { 0 }, new float[] { 1 }]);
        var y = EmbeddingMatrix.FromRows([new float[] { 3 }, new float[] { 4 }]);

        MaximumMeanDiscrepancy.Compute(x, y).Bandwidth!.Value.ShouldBe(2.5, 1e-9);
    }

    [Fact]
    public void Compute_LargeSets_SubsampledAndReported()
    {
        var x = EmbeddingMatrix.FromRows(SyntheticVectors.Gaussian(500, 4, seed: 1));
        var y = EmbeddingMatrix.FromRows(SyntheticVectors.Gaussian(50, 4, seed: 2));

        var result = MaximumMeanDiscrepancy.Compute(x, y, new MmdOptions { MaxSamplesPerSet = 100, BandwidthSampleSize = 60 });

        result.Subsampled.ShouldBeTrue();
        result.FirstSampleSize.ShouldBe(100);
        result.SecondSampleSize.ShouldBe(50);
    }

    [Fact]
    public void Compute_OneRow_NotMeasured()
    {
        var x = EmbeddingMatrix.FromRows([new float[] { 0 }]);
        var y = EmbeddingMatrix.FromRows([new float[] { 3 }, new float[] { 4 }]);

        MaximumMeanDiscrepancy.Compute(x, y).MmdSquared.IsMeasured.ShouldBeFalse();
    }

    [Fact]
    public void Compute_AllPointsIdentical_NotMeasured()
    {
        var x = EmbeddingMatrix.FromRows([new float[] { 1 }, new float[] { 1 }]);

        var result = MaximumMeanDiscrepancy.Compute(x, x);

        result.MmdSquared.NotMeasuredReason!.ShouldContain("bandwidth");
        result.Bandwidth.ShouldBeNull();
    }
}
