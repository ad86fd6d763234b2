namespace PromptForge.Evaluation.Tests.Classification;

public sealed class LogisticRegressionTests
{
    [Fact]
    public void Train_Tiny1DBinaryCase_AgreesWithIndependentGradientDescentOnScikitLearnObjective()
    {
        // Two classes on a line (overlapping). scikit-learn's binary model: one weight w and an unpenalized intercept b
        // minimizing C * sum_i logloss_i + w^2 / 2.
        float[] xs = [-2f, -1f, -0.5f, 0.3f, 0.5f, 1f, 2f, -0.2f];
        string[] ys = ["neg", "neg", "neg", "neg", "pos", "pos", "pos", "pos"];
        const double c = 0.7;
        var model = LogisticRegression.Train(
            EmbeddingMatrix.FromRows(xs.Select(x => new[] { x })), ys,
            new LogisticRegressionOptions { C = c, GradientTolerance = 1e-10 });

        double w = 0, b = 0;
        for (int step = 0; step < 200_000; step++)
        {
            double gw = w, gb = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                double residual = (1 / (1 + Math.Exp(-((w * xs[i]) + b)))) - (ys[i] == "pos" ? 1 : 0);
                gw += c * residual * xs[i];
                gb += c * residual;
            }

            w -= 0.05 * gw;
            b -= 0.05 * gb;
        }

        model.Classes.ShouldBe(["neg", "pos"]);
        model.Converged.ShouldBeTrue();
        foreach (float x in new[] { -3f, -0.4f, 0f, 0.7f, 2.5f })
        {
            double expected = 1 / (1 + Math.Exp(-((w * x) + b)));
            model.PredictProbabilities(new[] { x })[1].ShouldBe(expected, 1e-5);
        }
    }

    [Fact]
    public void Train_ThreeClasses_GradientOfScikitLearnObjectiveVanishesAtSolution()
    {
        // Multinomial: p = softmax(W x + b), objective C * sum_i -ln p[y_i] + |W|^2 / 2 (b unpenalized). At the optimum
        // dObjective/dW_c = C * sum_i (p_c - [y_i = c]) x_i + W_c = 0, so W_c = -C * sum_i residual_ic x_i, which can be
        // checked through the predicted probabilities alone: for every class and feature the residual-weighted sum
        // must reproduce the log-odds slope between classes.
        var random = new Random(11);
        var rows = Enumerable.Range(0, 60).Select(_ => new[] { (float)random.NextDouble(), (float)random.NextDouble() }).ToArray();
        var labels = rows.Select((r, i) => i % 7 == 0 ? "c" : r[0] + r[1] > 1 ? "a" : r[0] > r[1] ? "b" : "c").ToArray();
        const double c = 2.0;
        var model = LogisticRegression.Train(EmbeddingMatrix.FromRows(rows), labels, new LogisticRegressionOptions { C = c, GradientTolerance = 1e-10 });

        // Recover W_c from the model's own probabilities at the origin and unit vectors: ln p_c(e_j) - ln p_c(0) - (ln p_k(e_j) - ln p_k(0)) = W_cj - W_kj.
        var p0 = model.PredictProbabilities(new[] { 0f, 0f });
        var residualSums = new double[3, 2];
        var interceptResidual = new double[3];
        foreach (var (row, label) in rows.Zip(labels))
        {
            var p = model.PredictProbabilities(row);
            for (int k = 0; k < 3; k++)
            {
                double residual = p[k] - (model.Classes[k] == label ? 1 : 0);
                interceptResidual[k] += residual;
                residualSums[k, 0] += residual * row[0];
                residualSums[k, 1] += residual * row[1];
            }
        }

        for (int j = 0; j < 2; j++)
        {
            var unit = new float[2];
            unit[j] = 1;
            var pj = model.PredictProbabilities(unit);
            for (int k = 1; k < 3; k++)
            {
                double slopeDifference = Math.Log(pj[k] / p0[k]) - Math.Log(pj[0] / p0[0]);
                double expected = -c * (residualSums[k, j] - residualSums[0, j]);
                slopeDifference.ShouldBe(expected, 1e-4);
            }
        }

        // The intercepts are not penalized, so their gradient alone must vanish.
        interceptResidual.ShouldAllBe(r => Math.Abs(r) < 1e-4);
    }

    [Fact]
    public void Train_BalancedClassWeight_EqualsDuplicatingTheMinorityWithScaledC()
    {
        // 20 "a" and 10 "b": balanced weights are 30/(2*20) = 0.75 and 30/(2*10) = 1.5, i.e. 1 : 2. Unweighted training
        // on the data with every "b" row twice and C' = 0.75 C minimizes the same objective.
        var random = new Random(5);
        var rows = new List<float[]>();
        var labels = new List<string>();
        for (int i = 0; i < 30; i++)
        {
            string label = i < 20 ? "a" : "b";
            rows.Add([(float)(random.NextDouble() + (label == "b" ? 0.4 : 0)), (float)random.NextDouble()]);
            labels.Add(label);
        }

        var balanced = LogisticRegression.Train(EmbeddingMatrix.FromRows(rows), labels,
            new LogisticRegressionOptions { C = 1.0, ClassWeight = LogisticRegressionClassWeight.Balanced, GradientTolerance = 1e-10 });
        var duplicatedRows = rows.Concat(rows.Where((_, i) => labels[i] == "b")).ToList();
        var duplicatedLabels = labels.Concat(labels.Where(l => l == "b")).ToList();
        var duplicated = LogisticRegression.Train(EmbeddingMatrix.FromRows(duplicatedRows), duplicatedLabels,
            new LogisticRegressionOptions { C = 0.75, GradientTolerance = 1e-10 });
        var unweighted = LogisticRegression.Train(EmbeddingMatrix.FromRows(rows), labels, new LogisticRegressionOptions { GradientTolerance = 1e-10 });

        float[] probe = [0.5f, 0.5f];
        balanced.PredictProbabilities(probe)[1].ShouldBe(duplicated.PredictProbabilities(probe)[1], 1e-5);
        balanced.PredictProbabilities(probe)[1].ShouldBeGreaterThan(unweighted.PredictProbabilities(probe)[1] + 0.05);
    }

    [Fact]
    public void Train_SmallerC_ShrinksTheWeights()
    {
        float[] xs = [-2f, -1f, -0.5f, 0.5f, 1f, 2f];
        string[] ys = ["n", "n", "n", "p", "p", "p"];
        var features = EmbeddingMatrix.FromRows(xs.Select(x => new[] { x }));

        double Slope(double c)
        {
            var model = LogisticRegression.Train(features, ys, new LogisticRegressionOptions { C = c });
            var p = model.PredictProbabilities(new[] { 1f })[1];
            return Math.Log(p / (1 - p)) - Math.Log(model.PredictProbabilities(new[] { 0f })[1] / model.PredictProbabilities(new[] { 0f })[0]);
        }

        Slope(0.01).ShouldBeLessThan(Slope(1.0));
        Slope(1.0).ShouldBeLessThan(Slope(100.0));
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
