using PromptForge.Evaluation.Tests.TestData;

namespace PromptForge.Evaluation.Tests.Diversity;

public sealed class VendiScoreTests
{
    [Fact]
    public void Compute_IdenticalItems_IsOne()
    {
        var rows = Enumerable.Repeat(new float[] { 0.3f, -1f, 2f, 0.5f }, 6).ToArray();

        var value = VendiScore.Compute(EmbeddingMatrix.FromRows(rows));

        value.Value!.Value.ShouldBe(1.0, 1e-6);
        value.SampleSize.ShouldBe(6);
    }

    [Fact]
    public void Compute_OrthogonalItems_IsN()
    {
        // Five scaled basis vectors in 8 dimensions: K = I, eigenvalues of K/n all 1/5.
        var rows = Enumerable.Range(0, 5).Select(i => { var v = new float[8]; v[i] = i + 1; return v; }).ToArray();

        VendiScore.Compute(EmbeddingMatrix.FromRows(rows)).Value!.Value.ShouldBe(5.0, 1e-9);
    }

    [Fact]
    public void Compute_MoreItemsThanDimensions_UsesDualAndMatchesKnownValue()
    {
        // 400 identical items in 16 dimensions (n > d: dual path) -> 1; 4 orthogonal directions, 100 copies each -> 4.
        var identical = Enumerable.Repeat(SyntheticVectors.Normalize(SyntheticVectors.Gaussian(1, 16, 1)[0]), 400).ToArray();
        var fourModes = Enumerable.Range(0, 400).Select(i => { var v = new float[16]; v[i % 4] = 1; return v; }).ToArray();

        VendiScore.Compute(EmbeddingMatrix.FromRows(identical)).Value!.Value.ShouldBe(1.0, 1e-6);
        VendiScore.Compute(EmbeddingMatrix.FromRows(fourModes)).Value!.Value.ShouldBe(4.0, 1e-6);
    }

    [Fact]
    public void DualEigenvalues_RandomData_AgreeWithPrimal()
    {
        var x = EmbeddingMatrix.FromRows(SyntheticVectors.Gaussian(400, 12, seed: 5)).NormalizeRows();
        var small = x.SelectRows(Enumerable.Range(0, 10).ToArray());

        // Same matrix through both paths (n=10 <= d=12 primal, and forced dual).
        double primal = VendiScore.FromEigenvalues(VendiScore.PrimalEigenvalues(small));
        double dual = VendiScore.FromEigenvalues(VendiScore.DualEigenvalues(small, Enumerable.Range(0, small.RowCount).ToArray(), Enumerable.Repeat(1f, small.RowCount).ToArray(), CancellationToken.None));
        dual.ShouldBe(primal, 1e-6);

        // Large n: the dual path (multi-threaded accumulation) equals the primal computed on the same data.
        double largeDual = VendiScore.FromEigenvalues(VendiScore.DualEigenvalues(x, Enumerable.Range(0, x.RowCount).ToArray(), Enumerable.Repeat(1f, x.RowCount).ToArray(), CancellationToken.None));
        double largePrimal = VendiScore.FromEigenvalues(VendiScore.PrimalEigenvalues(x));
        largeDual.ShouldBe(largePrimal, 1e-4);
    }

    [Fact]
    public void Compute_ZeroRowsExcluded_SampleSizeSaysSo()
    {
        var rows = new[] { new float[] { 1, 0 }, new float[] { 0, 1 }, new float[] { 0, 0 } };

        var value = VendiScore.Compute(EmbeddingMatrix.FromRows(rows));

        value.Value!.Value.ShouldBe(2.0, 1e-9);
        value.SampleSize.ShouldBe(2);
    }

    [Fact]
    public void Compute_FewerThanTwoItems_NotMeasured()
    {
        VendiScore.Compute(EmbeddingMatrix.FromRows([new float[] { 1, 2 }])).IsMeasured.ShouldBeFalse();
    }

    [Fact]
    public void Compute_Subsample_UsesRequestedSize()
    {
        var x = EmbeddingMatrix.FromRows(SyntheticVectors.Gaussian(500, 8, seed: 2));

        VendiScore.Compute(x, subsampleSize: 100, seed: 1).SampleSize.ShouldBe(100);
    }
}
