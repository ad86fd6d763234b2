namespace PromptForge.Evaluation.Tests.Downstream;

public sealed class DownstreamEnsembleTests
{
    private static LabeledEmbeddings OneHot(params (string Label, int Count)[] groups)
    {
        var random = new Random(7);
        var rows = new List<float[]>();
        var labels = new List<string>();
        foreach ((string label, int count) in groups)
        {
            for (int i = 0; i < count; i++)
            {
                var v = new float[3];
                v[label[0] - 'a'] = 1;
                for (int k = 0; k < 3; k++)
                {
                    v[k] += (float)((random.NextDouble() - 0.5) * 0.1);
                }

                rows.Add(v);
                labels.Add(label);
            }
        }

        return new LabeledEmbeddings(EmbeddingMatrix.FromRows(rows), labels);
    }

    [Fact]
    public void EvaluateEnsemble_MembersSeeingDifferentClasses_EnsemblePredictsEveryClass()
    {
        LabeledEmbeddings seesAB = OneHot(("a", 10), ("b", 10));
        LabeledEmbeddings seesBC = OneHot(("b", 10), ("c", 10));
        LabeledEmbeddings test = OneHot(("a", 5), ("b", 5), ("c", 5));

        DownstreamResult result = DownstreamEvaluation.EvaluateEnsemble([("ab", seesAB), ("bc", seesBC)], test);

        result.Conditions.Select(c => c.Name).ShouldBe(["ab", "bc", DownstreamEvaluation.Ensemble]);
        // Each member never predicts the class it did not see: 10 of 15 right at best.
        result["ab"]!.Report.Accuracy.Value!.Value.ShouldBeLessThanOrEqualTo(10 / 15.0 + 1e-9);
        result["bc"]!.Report.Accuracy.Value!.Value.ShouldBeLessThanOrEqualTo(10 / 15.0 + 1e-9);
        result[DownstreamEvaluation.Ensemble]!.Report.Accuracy.Value.ShouldBe(1.0);
        result[DownstreamEvaluation.Ensemble]!.TrainSize.ShouldBe(40);
        result.Comparisons.Count.ShouldBe(3);
    }

    [Fact]
    public void EvaluateEnsemble_RepeatedNames_Throws()
    {
        LabeledEmbeddings train = OneHot(("a", 3), ("b", 3));

        Should.Throw<ArgumentException>(() => DownstreamEvaluation.EvaluateEnsemble([("x", train), ("x", train)], train))
            .Message.ShouldContain("distinct");
    }
}
