using PromptForge.Evaluation.Tests.TestData;

namespace PromptForge.Evaluation.Tests.Downstream;

public sealed class DownstreamEvaluationTests
{
    private static LabeledEmbeddings Clusters(int perClass, string[] classes, double noise, int seed, double shift = 0)
    {
        var random = new Random(seed);
        var rows = new List<float[]>();
        var labels = new List<string>();
        for (int c = 0; c < classes.Length; c++)
        {
            for (int i = 0; i < perClass; i++)
            {
                var v = new float[8];
                v[c] = 1;
                v[7] = (float)shift;
                for (int k = 0; k < v.Length; k++)
                {
                    v[k] += (float)(noise * (random.NextDouble() - 0.5));
                }

                rows.Add(v);
                labels.Add(classes[c]);
            }
        }

        return new LabeledEmbeddings(EmbeddingMatrix.FromRows(rows), labels);
    }

    [Fact]
    public void Evaluate_UsefulSynthetic_HighMacroF1AndAllConditions()
    {
        string[] classes = ["a", "b", "c"];
        var synthetic = Clusters(30, classes, 0.5, seed: 1);
        var (realTrain, realTest) = Clusters(20, classes, 0.5, seed: 2).StratifiedSplit(0.5, seed: 3);

        var result = DownstreamEvaluation.Evaluate(synthetic, realTest, realTrain);

        result.Conditions.Select(c => c.Name).ShouldBe([DownstreamEvaluation.SyntheticOnly, DownstreamEvaluation.RealPlusSynthetic, DownstreamEvaluation.RealOnly, DownstreamEvaluation.Ensemble]);
        result[DownstreamEvaluation.SyntheticOnly]!.Report.MacroF1.Value!.Value.ShouldBeGreaterThan(0.9);
        result[DownstreamEvaluation.RealPlusSynthetic]!.TrainSize.ShouldBe(90 + realTrain.Count);
        result.TestSize.ShouldBe(30);
        result.Comparisons.Count.ShouldBe(6);
    }

    [Fact]
    public void Evaluate_SyntheticMissingAClass_WorstClassF1IsZero()
    {
        var synthetic = Clusters(30, ["a", "b"], 0.3, seed: 1);
        var realTest = Clusters(10, ["a", "b", "c"], 0.3, seed: 2);

        var result = DownstreamEvaluation.Evaluate(synthetic, realTest);

        var report = result[DownstreamEvaluation.SyntheticOnly]!.Report;
        report.PerClassF1.Keys.ShouldBe(["a", "b", "c"]);
        report.WorstClass.ShouldBe("c");
        report.WorstClassF1.Value.ShouldBe(0.0);
        result.Comparisons.ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_SingleClassSynthetic_ConditionNotTrained()
    {
        var synthetic = Clusters(10, ["a"], 0.3, seed: 1);
        var realTest = Clusters(5, ["a", "b"], 0.3, seed: 2);

        var condition = DownstreamEvaluation.Evaluate(synthetic, realTest)[DownstreamEvaluation.SyntheticOnly]!;

        condition.NotTrainedReason.ShouldNotBeNull();
        condition.Report.MacroF1.IsMeasured.ShouldBeFalse();
    }

    [Fact]
    public void Evaluate_Ensemble_AveragesProbabilitiesOverUnionOfClasses()
    {
        // Synthetic knows a, b; real training knows b, c. Only the ensemble's union can predict all three.
        var synthetic = Clusters(20, ["a", "b"], 0.2, seed: 1);
        var realTrain = Clusters(20, ["b", "c"], 0.2, seed: 2);
        var realTest = Clusters(10, ["a", "b", "c"], 0.2, seed: 3);

        // A weak penalty (large C) keeps each member's probabilities confident, so the union decides the predictions.
        var result = DownstreamEvaluation.Evaluate(synthetic, realTest, realTrain, new DownstreamOptions { Classifier = new LogisticRegressionOptions { C = 100 } });

        var ensemble = result[DownstreamEvaluation.Ensemble]!;
        ensemble.Predictions.Distinct().Order().ShouldBe(["a", "b", "c"]);
        ensemble.TrainSize.ShouldBe(40 + 80 + 40);
    }

    [Fact]
    public void StratifiedSplit_KeepsEveryLabelInBothParts()
    {
        var data = Clusters(10, ["a", "b", "c"], 0.1, seed: 1);

        var (train, test) = data.StratifiedSplit(0.3, seed: 4);

        test.Count.ShouldBe(9);
        train.Count.ShouldBe(21);
        test.Labels.Distinct().Count().ShouldBe(3);
        train.Labels.Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public void Evaluate_NoSyntheticSet_TrainsTheRealOnlyConditionAlone()
    {
        string[] classes = ["a", "b", "c"];
        var (realTrain, realTest) = Clusters(20, classes, 0.5, seed: 2).StratifiedSplit(0.5, seed: 3);

        var result = DownstreamEvaluation.Evaluate(synthetic: null, realTest, realTrain);

        result.Conditions.Select(c => c.Name).ShouldBe([DownstreamEvaluation.RealOnly]);
        result.Comparisons.ShouldBeEmpty();
        result[DownstreamEvaluation.RealOnly]!.TrainSize.ShouldBe(realTrain.Count);
        result[DownstreamEvaluation.RealOnly]!.Report.MacroF1.Value!.Value.ShouldBeGreaterThan(0.9);
    }

    [Fact]
    public void EvaluateRealOnly_SameAsTheRealOnlyConditionNextToASyntheticSet()
    {
        string[] classes = ["a", "b", "c"];
        var synthetic = Clusters(30, classes, 0.9, seed: 1, shift: 0.3);
        var (realTrain, realTest) = Clusters(20, classes, 1.2, seed: 2).StratifiedSplit(0.5, seed: 3);

        var alone = DownstreamEvaluation.EvaluateRealOnly(realTrain, realTest);
        var beside = DownstreamEvaluation.Evaluate(synthetic, realTest, realTrain)[DownstreamEvaluation.RealOnly]!;

        alone.Predictions.ShouldBe(beside.Predictions);
        alone.Report.MacroF1.Value.ShouldBe(beside.Report.MacroF1.Value);
    }

    [Fact]
    public void Evaluate_NeitherSyntheticNorRealTraining_Throws()
    {
        var test = Clusters(2, ["a", "b"], 0.1, seed: 1);

        Should.Throw<ArgumentNullException>(() => DownstreamEvaluation.Evaluate(synthetic: null, test));
    }

    [Fact]
    public void Evaluate_MacroF1_AveragesOverTheTestLabelsOnly()
    {
        // The training set has a class ("c") the test set lacks; predictions of it are errors but "c" is not averaged in.
        var train = Clusters(10, ["a", "b", "c"], 0.2, seed: 4);
        var test = Clusters(5, ["a", "b"], 0.2, seed: 5);

        var condition = DownstreamEvaluation.EvaluateRealOnly(train, test);

        condition.Report.PerClassF1.Keys.ShouldBe(["a", "b"]);
        condition.Report.MacroF1.Value!.Value.ShouldBe(condition.Report.PerClassF1.Values.Average(v => v.Value!.Value), 1e-12);
    }
}
