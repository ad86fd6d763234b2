using MathNet.Numerics.Statistics;

namespace PromptForge.Evaluation;

/// <summary>
/// Percentile bootstrap intervals of one classifier's metrics: the test items are resampled with replacement and the
/// metrics recomputed on each resample. The same seed gives the same intervals.
/// </summary>
public static class ClassificationBootstrap
{
    /// <summary>Computes the intervals of accuracy, macro F1 and worst-class F1.</summary>
    /// <param name="expected">The true labels of the test items.</param>
    /// <param name="predicted">The predictions, in the same order.</param>
    /// <param name="options">The resample count, confidence level and seed (<see cref="ComparisonOptions.Permutations"/> is not used); <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The intervals; "not measured" with fewer than 2 test items.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The lists have different lengths, or <paramref name="options"/> is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static ClassificationIntervals Compute(
        IReadOnlyList<string> expected, IReadOnlyList<string> predicted, ComparisonOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(predicted);
        options = OptionsValidation.ValidateOrDefault(options, nameof(options));
        if (expected.Count != predicted.Count)
        {
            throw new ArgumentException($"There are {expected.Count} expected labels but {predicted.Count} predictions.", nameof(predicted));
        }

        int n = expected.Count;
        if (n < 2)
        {
            var notMeasured = MetricValue.NotMeasured("a bootstrap interval needs at least 2 test items", n);
            var none = new MetricInterval(notMeasured, notMeasured);
            return new ClassificationIntervals { Accuracy = none, MacroF1 = none, WorstClassF1 = none, ConfidenceLevel = options.ConfidenceLevel, Resamples = 0 };
        }

        var random = new Random(options.Seed);
        var accuracy = new List<double>(options.BootstrapResamples);
        var macro = new List<double>(options.BootstrapResamples);
        var worst = new List<double>(options.BootstrapResamples);
        var resampledExpected = new string[n];
        var resampledPredicted = new string[n];
        for (int b = 0; b < options.BootstrapResamples; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < n; i++)
            {
                int pick = random.Next(n);
                resampledExpected[i] = expected[pick];
                resampledPredicted[i] = predicted[pick];
            }

            var report = ClassificationMetrics.Compute(resampledExpected, resampledPredicted);
            Add(accuracy, report.Accuracy);
            Add(macro, report.MacroF1);
            Add(worst, report.WorstClassF1);
        }

        return new ClassificationIntervals
        {
            Accuracy = Interval(accuracy, options.ConfidenceLevel, n),
            MacroF1 = Interval(macro, options.ConfidenceLevel, n),
            WorstClassF1 = Interval(worst, options.ConfidenceLevel, n),
            ConfidenceLevel = options.ConfidenceLevel,
            Resamples = options.BootstrapResamples,
        };
    }

    private static void Add(List<double> values, MetricValue value)
    {
        if (value.Value is { } v)
        {
            values.Add(v);
        }
    }

    private static MetricInterval Interval(List<double> values, double confidenceLevel, int n)
    {
        if (values.Count == 0)
        {
            var notMeasured = MetricValue.NotMeasured("no resample measured the metric", n);
            return new MetricInterval(notMeasured, notMeasured);
        }

        double[] sorted = [.. values.Order()];
        double alpha = 1 - confidenceLevel;
        return new MetricInterval(
            MetricValue.Measured(SortedArrayStatistics.Quantile(sorted, alpha / 2), n),
            MetricValue.Measured(SortedArrayStatistics.Quantile(sorted, 1 - (alpha / 2)), n));
    }
}
