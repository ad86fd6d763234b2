using MathNet.Numerics.Statistics;

namespace PromptForge.Evaluation;

/// <summary>
/// Statistical comparison of two classifiers' predictions on the same test set: a paired bootstrap confidence
/// interval of the metric difference and a paired permutation test.
/// </summary>
public static class ConditionComparison
{
    /// <summary>Compares two conditions' predictions of the same test items.</summary>
    /// <param name="expected">The true labels of the test items.</param>
    /// <param name="first">The first condition's name and predictions.</param>
    /// <param name="second">The second condition's name and predictions.</param>
    /// <param name="metric">The metric to compare.</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <returns>The difference (first minus second), its interval and the p-value; "not measured" with fewer than 2 test items.</returns>
    /// <exception cref="ArgumentNullException">An argument or a prediction list is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The lists have different lengths, or <paramref name="options"/> is invalid.</exception>
    public static ConditionComparisonResult Compare(
        IReadOnlyList<string> expected,
        (string Name, IReadOnlyList<string> Predictions) first,
        (string Name, IReadOnlyList<string> Predictions) second,
        ComparisonMetric metric = ComparisonMetric.MacroF1,
        ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(first.Predictions, nameof(first));
        ArgumentNullException.ThrowIfNull(second.Predictions, nameof(second));
        options = OptionsValidation.ValidateOrDefault(options, nameof(options));
        if (first.Predictions.Count != expected.Count || second.Predictions.Count != expected.Count)
        {
            throw new ArgumentException($"Both conditions must predict all {expected.Count} test items (got {first.Predictions.Count} and {second.Predictions.Count}).", nameof(second));
        }

        int n = expected.Count;
        if (n < 2)
        {
            var notMeasured = MetricValue.NotMeasured("a comparison needs at least 2 test items", n);
            return new ConditionComparisonResult
            {
                First = first.Name,
                Second = second.Name,
                Metric = metric,
                Difference = notMeasured,
                ConfidenceLow = notMeasured,
                ConfidenceHigh = notMeasured,
                ConfidenceLevel = options.ConfidenceLevel,
                PValue = notMeasured,
            };
        }

        double observed = Score(expected, first.Predictions, metric) - Score(expected, second.Predictions, metric);
        var random = new Random(options.Seed);

        // Paired bootstrap: both conditions are scored on the same resampled items.
        var differences = new double[options.BootstrapResamples];
        var resampledExpected = new string[n];
        var resampledFirst = new string[n];
        var resampledSecond = new string[n];
        for (int b = 0; b < differences.Length; b++)
        {
            for (int i = 0; i < n; i++)
            {
                int pick = random.Next(n);
                resampledExpected[i] = expected[pick];
                resampledFirst[i] = first.Predictions[pick];
                resampledSecond[i] = second.Predictions[pick];
            }

            differences[b] = Score(resampledExpected, resampledFirst, metric) - Score(resampledExpected, resampledSecond, metric);
        }

        double alpha = 1 - options.ConfidenceLevel;
        Array.Sort(differences);
        double low = SortedArrayStatistics.Quantile(differences, alpha / 2);
        double high = SortedArrayStatistics.Quantile(differences, 1 - (alpha / 2));

        // Paired permutation: under the null the two conditions are exchangeable per item, so swap each item's pair of
        // predictions with probability 1/2.
        int atLeastAsExtreme = 0;
        var permutedFirst = new string[n];
        var permutedSecond = new string[n];
        for (int p = 0; p < options.Permutations; p++)
        {
            for (int i = 0; i < n; i++)
            {
                bool swap = random.Next(2) == 1;
                permutedFirst[i] = swap ? second.Predictions[i] : first.Predictions[i];
                permutedSecond[i] = swap ? first.Predictions[i] : second.Predictions[i];
            }

            double difference = Score(expected, permutedFirst, metric) - Score(expected, permutedSecond, metric);
            if (Math.Abs(difference) >= Math.Abs(observed) - 1e-12)
            {
                atLeastAsExtreme++;
            }
        }

        return new ConditionComparisonResult
        {
            First = first.Name,
            Second = second.Name,
            Metric = metric,
            Difference = MetricValue.Measured(observed, n),
            ConfidenceLow = MetricValue.Measured(low, n),
            ConfidenceHigh = MetricValue.Measured(high, n),
            ConfidenceLevel = options.ConfidenceLevel,
            PValue = MetricValue.Measured((atLeastAsExtreme + 1.0) / (options.Permutations + 1.0), n),
        };
    }

    private static double Score(IReadOnlyList<string> expected, IReadOnlyList<string> predicted, ComparisonMetric metric)
    {
        var report = ClassificationMetrics.Compute(expected, predicted);
        return (metric == ComparisonMetric.Accuracy ? report.Accuracy : report.MacroF1).Value!.Value;
    }
}
