using PromptForge.Evaluation.Tests.TestData;

namespace PromptForge.Evaluation.Tests.Diversity;

public sealed class NearDuplicatesTests
{
    [Fact]
    public void Compute_SmallSet_ExactRateAndPairs()
    {
        var a = new float[] { 1, 0, 0 };
        var nearA = new float[] { 0.95f, 0.2f, 0 };   // cosine 0.978
        var farA = new float[] { 0.8f, 0.6f, 0 };     // cosine 0.8
        var other = new float[] { 0, 0, 1 };

        var result = NearDuplicates.Compute(EmbeddingMatrix.FromRows([a, nearA, farA, other]));

        result.Approximate.ShouldBeFalse();
        result.Rate.Value!.Value.ShouldBe(0.5);
        result.DuplicateIndices.ShouldBe([0, 1]);
        // nearA vs farA: (0.9785, 0.2060) . (0.8, 0.6) = 0.906, below the threshold.
        result.Pairs.ShouldHaveSingleItem().First.ShouldBe(0);
        result.Pairs[0].Second.ShouldBe(1);
        result.Pairs[0].Similarity.ShouldBe(0.95 / Math.Sqrt((0.95 * 0.95) + (0.2 * 0.2)), 1e-6);
    }

    [Fact]
    public void Compute_ThresholdIsInclusive()
    {
        var x = new float[] { 1, 0 };
        var y = SyntheticVectors.AtCosine(x, 0.95, new Random(1));

        NearDuplicates.Compute(EmbeddingMatrix.FromRows([x, y]), new NearDuplicateOptions { Threshold = 0.95 - 1e-6 }).Rate.Value.ShouldBe(1.0);
        NearDuplicates.Compute(EmbeddingMatrix.FromRows([x, y]), new NearDuplicateOptions { Threshold = 0.95 + 1e-4 }).Rate.Value.ShouldBe(0.0);
    }

    [Fact]
    public void Compute_Approximate_RecallAtLeast95PercentOfExact()
    {
        // 3,000 random unit vectors in 64-d; 200 planted near-duplicate pairs at cosine 0.925..0.99.
        var rows = SyntheticVectors.WithPlantedDuplicates(3000, 64, planted: 200, low: 0.925, high: 0.99, seed: 11);
        var matrix = EmbeddingMatrix.FromRows(rows);

        var exact = NearDuplicates.Compute(matrix, new NearDuplicateOptions { ExactMaxSamples = int.MaxValue });
        var approximate = NearDuplicates.Compute(matrix, new NearDuplicateOptions { ExactMaxSamples = 0, Seed = 3 });

        exact.DuplicateIndices.Count.ShouldBe(400);
        approximate.Approximate.ShouldBeTrue();
        double recall = approximate.DuplicateIndices.Intersect(exact.DuplicateIndices).Count() / (double)exact.DuplicateIndices.Count;
        recall.ShouldBeGreaterThanOrEqualTo(0.95);
        approximate.DuplicateIndices.ShouldBeSubsetOf(exact.DuplicateIndices);

        // The index must prune: far fewer comparisons than all 4.5 million pairs.
        approximate.PairsCompared.ShouldBeLessThan(exact.PairsCompared / 20);
    }

    [Fact]
    public void Compute_Approximate_PairsJustAboveThreshold_RecallAtLeast95Percent()
    {
        // The hardest case for the index: every planted pair sits at cosine 0.921..0.93, where the analytical
        // candidate probability is about 0.977-0.98.
        var matrix = EmbeddingMatrix.FromRows(SyntheticVectors.WithPlantedDuplicates(2000, 48, planted: 200, low: 0.921, high: 0.93, seed: 21));

        var exact = NearDuplicates.Compute(matrix, new NearDuplicateOptions { ExactMaxSamples = int.MaxValue });
        var approximate = NearDuplicates.Compute(matrix, new NearDuplicateOptions { ExactMaxSamples = 0, Seed = 5 });

        exact.DuplicateIndices.Count.ShouldBe(400);
        (approximate.DuplicateIndices.Count / 400.0).ShouldBeGreaterThanOrEqualTo(0.95);
    }

    [Fact]
    public void Compute_Approximate_IsReproducibleForASeed()
    {
        var matrix = EmbeddingMatrix.FromRows(SyntheticVectors.WithPlantedDuplicates(1500, 32, planted: 50, low: 0.93, high: 0.99, seed: 4));
        var options = new NearDuplicateOptions { ExactMaxSamples = 0, Seed = 9 };

        var first = NearDuplicates.Compute(matrix, options);
        var second = NearDuplicates.Compute(matrix, options);

        second.DuplicateIndices.ShouldBe(first.DuplicateIndices);
        second.Pairs.ShouldBe(first.Pairs);
        second.PairsCompared.ShouldBe(first.PairsCompared);
    }

    [Fact]
    public void Compute_ManyCopies_ApproximateFlagsAllWithoutQuadraticWork()
    {
        var copy = SyntheticVectors.Normalize(SyntheticVectors.Gaussian(1, 32, 1)[0]);
        var rows = SyntheticVectors.Gaussian(2000, 32, 2).Select(SyntheticVectors.Normalize).Concat(Enumerable.Repeat(copy, 1000)).ToArray();

        var result = NearDuplicates.Compute(EmbeddingMatrix.FromRows(rows), new NearDuplicateOptions { ExactMaxSamples = 0 });

        result.DuplicateIndices.Count(i => i >= 2000).ShouldBe(1000);
        result.PairsCompared.ShouldBeLessThan(1000L * 999 / 2);
    }

    [Fact]
    public void Compute_ZeroRows_AreNeverDuplicates()
    {
        var rows = new[] { new float[] { 0, 0 }, new float[] { 0, 0 }, new float[] { 1, 0 } };

        NearDuplicates.Compute(EmbeddingMatrix.FromRows(rows)).Rate.Value.ShouldBe(0.0);
        NearDuplicates.Compute(EmbeddingMatrix.FromRows(rows), new NearDuplicateOptions { ExactMaxSamples = 0 }).Rate.Value.ShouldBe(0.0);
    }

    [Fact]
    public void Compute_OneSample_NotMeasured()
    {
        NearDuplicates.Compute(EmbeddingMatrix.FromRows([new float[] { 1, 0 }])).Rate.IsMeasured.ShouldBeFalse();
    }
}
