using PromptForge.Evaluation.Tests.TestData;

namespace PromptForge.Evaluation.Tests.Realism;

public sealed class RealVsSyntheticClassifierTests
{
    [Fact]
    public void Evaluate_SameDistribution_AurocNearChance()
    {
        // Memorizing would give ~1 in-sample; out-of-fold it must stay near 0.5.
        var real = EmbeddingMatrix.FromRows(SyntheticVectors.Gaussian(150, 16, seed: 1));
        var synthetic = EmbeddingMatrix.FromRows(SyntheticVectors.Gaussian(150, 16, seed: 2));

        var result = RealVsSyntheticClassifier.Evaluate(real, synthetic);

        result.Auroc.Value!.Value.ShouldBeInRange(0.35, 0.65);
        result.Folds.ShouldBe(5);
        result.Auroc.SampleSize.ShouldBe(300);
    }

    [Fact]
    public void Evaluate_SeparableSets_AurocNearOneAndHolesAreTheUncoveredRealMode()
    {
        // Real: two modes (around +x and around +y). Synthetic covers only +x (slightly shifted). The real +y
        // examples are the coverage holes.
        var random = new Random(3);
        float[] Around(float x, float y) => [x + (float)(0.3 * (random.NextDouble() - 0.5)), y + (float)(0.3 * (random.NextDouble() - 0.5)), 1f];
        var realRows = Enumerable.Range(0, 60).Select(i => i < 50 ? Around(2, 0) : Around(0, 2)).ToArray();
        var syntheticRows = Enumerable.Range(0, 100).Select(_ => Around(2.2f, 0)).ToArray();

        var result = RealVsSyntheticClassifier.Evaluate(EmbeddingMatrix.FromRows(realRows), EmbeddingMatrix.FromRows(syntheticRows), new RealVsSyntheticOptions { HoleCount = 10 });

        result.Auroc.Value!.Value.ShouldBeGreaterThan(0.8);
        result.CoverageHoles.Count.ShouldBe(10);
        result.CoverageHoles.ShouldAllBe(h => h.RealIndex >= 50);
        result.CoverageHoles.Select(h => h.SyntheticProbability).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public void Evaluate_TooFewRows_NotMeasured()
    {
        var real = EmbeddingMatrix.FromRows([new float[] { 1, 0 }]);
        var synthetic = EmbeddingMatrix.FromRows([new float[] { 0, 1 }, new float[] { 1, 1 }]);

        RealVsSyntheticClassifier.Evaluate(real, synthetic).Auroc.IsMeasured.ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_LargeSets_Subsampled()
    {
        var real = EmbeddingMatrix.FromRows(SyntheticVectors.Gaussian(120, 4, seed: 1));
        var synthetic = EmbeddingMatrix.FromRows(SyntheticVectors.Gaussian(300, 4, seed: 2));

        var result = RealVsSyntheticClassifier.Evaluate(real, synthetic, new RealVsSyntheticOptions { MaxSamplesPerSet = 100 });

        result.Subsampled.ShouldBeTrue();
        result.RealSampleSize.ShouldBe(100);
        result.SyntheticSampleSize.ShouldBe(100);
    }
}
