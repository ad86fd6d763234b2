namespace PromptForge.Evaluation.Tests.Classification;

public sealed class LogisticRegressionTests
{
    [Fact]
    public void Train_Tiny1DCase_AgreesWithIndependentGradientDescent()
    {
        // Two classes on a line (overlapping, so the optimum is finite even with a small penalty).
        float[] xs = [-2f, -1f, -0.5f, 0.3f, 0.5f, 1f, 2f, -0.2f];
        string[] ys = ["neg", "neg", "neg", "neg", "pos", "pos", "pos", "pos"];
        const double lambda = 0.05;
        var model = LogisticRegression.Train(
            EmbeddingMatrix.FromRows(xs.Select(x => new[] { x })), ys,
            new LogisticRegressionOptions { L2Penalty = lambda, GradientTolerance = 1e-10 });

        // Independent solver: plain gradient descent on the same softmax objective with 2 classes,
        // parameters (w_neg, w_pos, b_neg, b_pos), L2 on the weights only.
        double wn = 0, wp = 0, bn = 0, bp = 0;
        for (int step = 0; step < 200_000; step++)
        {
            double gwn = lambda * wn, gwp = lambda * wp, gbn = 0, gbp = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                double zn = (wn * xs[i]) + bn, zp = (wp * xs[i]) + bp;
                double pp = 1 / (1 + Math.Exp(zn - zp));
                double rp = pp - (ys[i] == "pos" ? 1 : 0);
                double rn = -rp;
                gwn += rn * xs[i] / xs.Length;
                gwp += rp * xs[i] / xs.Length;
                gbn += rn / xs.Length;
                gbp += rp / xs.Length;
            }

            wn -= 0.5 * gwn;
            wp -= 0.5 * gwp;
            bn -= 0.5 * gbn;
            bp -= 0.5 * gbp;
        }

        model.Classes.ShouldBe(["neg", "pos"]);
        model.Converged.ShouldBeTrue();
        foreach (float x in new[] { -3f, -0.4f, 0f, 0.7f, 2.5f })
        {
            double expected = 1 / (1 + Math.Exp(((wn - wp) * x) + (bn - bp)));
            model.PredictProbabilities(new[] { x })[1].ShouldBe(expected, 1e-5);
        }
    }

    [Fact]
    public void Train_SeparableClusters_PredictsTrainingAndNewPoints()
    {
        var random = new Random(7);
        var centers = new[] { new[] { 3f, 0f, 0f }, new[] { 0f, 3f, 0f }, new[] { 0f, 0f, 3f } };
        string[] names = ["a", "b", "c"];
        var rows = new List<float[]>();
        var labels = new List<string>();
        for (int i = 0; i < 90; i++)
        {
            rows.Add(centers[i % 3].Select(v => v + (float)(random.NextDouble() - 0.5)).ToArray());
            labels.Add(names[i % 3]);
        }

        var model = LogisticRegression.Train(EmbeddingMatrix.FromRows(rows), labels);

        model.Predict(EmbeddingMatrix.FromRows(rows)).ShouldBe(labels);
        model.Predict(EmbeddingMatrix.FromRows([new[] { 0.1f, 0.2f, 2.5f }])).ShouldBe(["c"]);
        model.PredictProbabilities(new[] { 3f, 0f, 0f }).Sum().ShouldBe(1.0, 1e-9);
    }

    [Fact]
    public void Train_IsDeterministic()
    {
        var rows = Enumerable.Range(0, 40).Select(i => new[] { (float)Math.Sin(i), (float)Math.Cos(i * 0.7) }).ToArray();
        var labels = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "x" : "y").ToArray();

        var first = LogisticRegression.Train(EmbeddingMatrix.FromRows(rows), labels);
        var second = LogisticRegression.Train(EmbeddingMatrix.FromRows(rows), labels);

        second.PredictProbabilities(rows[3]).ShouldBe(first.PredictProbabilities(rows[3]));
    }

    [Fact]
    public void Train_OneClass_Throws()
    {
        Should.Throw<ArgumentException>(() => LogisticRegression.Train(EmbeddingMatrix.FromRows([new[] { 1f }, new[] { 2f }]), ["a", "a"]))
            .Message.ShouldContain("at least 2 distinct labels");
    }

    [Fact]
    public void Train_Canceled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Should.Throw<OperationCanceledException>(() => LogisticRegression.Train(
            EmbeddingMatrix.FromRows([new[] { 1f }, new[] { 2f }]), ["a", "b"], cancellationToken: cts.Token));
    }
}
