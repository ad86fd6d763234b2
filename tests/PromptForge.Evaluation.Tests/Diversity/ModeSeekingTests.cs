namespace PromptForge.Evaluation.Tests.Diversity;

public sealed class ModeSeekingTests
{
    private static IReadOnlyDictionary<string, string> A(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Compute_HandComputedRatio_NormalizesHammingByAttributeCount()
    {
        // Three samples, two attributes. Text vectors: e1, e1, e2 (distances: 0-1: 0, 0-2: 1, 1-2: 1).
        // Attributes: s0 (a,x), s1 (b,x), s2 (b,y). Hamming/2: 0-1: 1/2, 0-2: 1, 1-2: 1/2.
        // Ratios: 0/(1/2) = 0, 1/1 = 1, 1/(1/2) = 2 -> mean 1. Mean distance 2/3.
        var embeddings = EmbeddingMatrix.FromRows([new float[] { 1, 0 }, new float[] { 2, 0 }, new float[] { 0, 1 }]);
        var attributes = new[] { A(("p", "a"), ("q", "x")), A(("p", "b"), ("q", "x")), A(("p", "b"), ("q", "y")) };

        var result = ModeSeeking.Compute(embeddings, attributes, ["p", "q"]);

        result.Ratio.Value!.Value.ShouldBe(1.0, 1e-9);
        result.Ratio.SampleSize.ShouldBe(3);
        result.MeanTextDistance.Value!.Value.ShouldBe(2.0 / 3.0, 1e-9);

        // Differ only in p: (0,1) -> distance 0. Only in q: (1,2) -> distance 1.
        result.Sensitivity["p"].Value!.Value.ShouldBe(0.0, 1e-9);
        result.Sensitivity["q"].Value!.Value.ShouldBe(1.0, 1e-9);
    }

    [Fact]
    public void Compute_ScaleDoesNotDependOnAttributeCount()
    {
        // Each pair differs in every attribute: normalized Hamming is 1 whether there are 1 or 3 attributes.
        var embeddings = EmbeddingMatrix.FromRows([new float[] { 1, 0 }, new float[] { 0, 1 }]);
        var one = ModeSeeking.Compute(embeddings, [A(("a", "1")), A(("a", "2"))], ["a"]);
        var three = ModeSeeking.Compute(embeddings, [A(("a", "1"), ("b", "1"), ("c", "1")), A(("a", "2"), ("b", "2"), ("c", "2"))], ["a", "b", "c"]);

        three.Ratio.Value!.Value.ShouldBe(one.Ratio.Value!.Value, 1e-12);
    }

    [Fact]
    public void Compute_LargeBatch_UsesFixedPairBudget()
    {
        var random = new Random(3);
        int n = 400;
        var rows = Enumerable.Range(0, n).Select(_ => new float[] { (float)random.NextDouble(), (float)random.NextDouble(), 1 }).ToArray();
        var attributes = Enumerable.Range(0, n).Select(i => A(("a", (i % 3).ToString()), ("b", (i % 4).ToString()))).ToArray();

        var result = ModeSeeking.Compute(EmbeddingMatrix.FromRows(rows), attributes, ["a", "b"], new ModeSeekingOptions { PairSampleSize = 500, SensitivityPairSampleSize = 200 });

        result.Ratio.SampleSize.ShouldBe(500);
        result.Sensitivity["a"].SampleSize.ShouldBe(200);
        result.Sensitivity["b"].SampleSize.ShouldBe(200);
    }

    [Fact]
    public void Compute_AttributeDeafGeneration_HasZeroSensitivity()
    {
        // Text ignores attribute "tone" (identical vectors whatever the tone) but follows "intent".
        var rows = new List<float[]>();
        var attributes = new List<IReadOnlyDictionary<string, string>>();
        foreach (string intent in new[] { "i0", "i1", "i2" })
        {
            foreach (string tone in new[] { "t0", "t1" })
            {
                var v = new float[3];
                v[int.Parse(intent[1..], System.Globalization.CultureInfo.InvariantCulture)] = 1;
                rows.Add(v);
                attributes.Add(A(("intent", intent), ("tone", tone)));
            }
        }

        var result = ModeSeeking.Compute(EmbeddingMatrix.FromRows(rows), attributes, ["intent", "tone"]);

        result.Sensitivity["tone"].Value!.Value.ShouldBe(0.0, 1e-9);
        result.Sensitivity["intent"].Value!.Value.ShouldBe(1.0, 1e-9);
    }

    [Fact]
    public void Compute_SamplesMissingAttributes_AreLeftOut()
    {
        var embeddings = EmbeddingMatrix.FromRows([new float[] { 1, 0 }, new float[] { 0, 1 }, new float[] { 1, 1 }]);

        var result = ModeSeeking.Compute(embeddings, [A(("a", "1")), A(("a", "2")), A()], ["a"]);

        result.SampleCount.ShouldBe(2);
    }

    [Fact]
    public void Compute_AllSameAttributes_NotMeasured()
    {
        var embeddings = EmbeddingMatrix.FromRows([new float[] { 1, 0 }, new float[] { 0, 1 }]);

        var result = ModeSeeking.Compute(embeddings, [A(("a", "1")), A(("a", "1"))], ["a"]);

        result.Ratio.IsMeasured.ShouldBeFalse();
        result.Sensitivity["a"].IsMeasured.ShouldBeFalse();
    }

    [Fact]
    public void Compute_CountMismatch_Throws()
    {
        Should.Throw<ArgumentException>(() => ModeSeeking.Compute(EmbeddingMatrix.FromRows([new float[] { 1 }]), [], ["a"]));
    }
}
