namespace PromptForge.Evaluation;

/// <summary>Accuracy and per-class, macro and worst-class F1 of a classifier's predictions.</summary>
public static class ClassificationMetrics
{
    /// <summary>Compares <paramref name="predicted"/> with <paramref name="expected"/>.</summary>
    /// <remarks>
    /// F1 of a label is <c>2 TP / (2 TP + FP + FN)</c>; a label that is expected but never predicted has F1 0. The macro
    /// average runs over the labels PRESENT IN <paramref name="expected"/> only: a label absent from the test set has no
    /// defined recall and would distort the average. Predictions of such a label are still errors: they lower the
    /// accuracy and the recall of the label that was expected.
    /// </remarks>
    /// <param name="expected">The true labels.</param>
    /// <param name="predicted">The predicted labels, in the same order.</param>
    /// <returns>The report; every metric "not measured" when there are no items.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/> or contains <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The lists have different lengths.</exception>
    public static ClassificationReport Compute(IReadOnlyList<string> expected, IReadOnlyList<string> predicted)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(predicted);
        if (expected.Count != predicted.Count)
        {
            throw new ArgumentException($"There are {expected.Count} expected labels but {predicted.Count} predictions.", nameof(predicted));
        }

        if (expected.Count == 0)
        {
            return ClassificationReport.NotMeasured("no items to evaluate");
        }

        var truePositives = new Dictionary<string, int>(StringComparer.Ordinal);
        var support = new Dictionary<string, int>(StringComparer.Ordinal);
        var predictedCount = new Dictionary<string, int>(StringComparer.Ordinal);
        int correct = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            string truth = expected[i] ?? throw new ArgumentNullException(nameof(expected), $"Expected label {i} is null.");
            string guess = predicted[i] ?? throw new ArgumentNullException(nameof(predicted), $"Prediction {i} is null.");
            Increment(support, truth);
            Increment(predictedCount, guess);
            if (string.Equals(truth, guess, StringComparison.Ordinal))
            {
                correct++;
                Increment(truePositives, truth);
            }
        }

        var perClass = new SortedDictionary<string, MetricValue>(StringComparer.Ordinal);
        foreach (var (label, count) in support)
        {
            int tp = truePositives.GetValueOrDefault(label);
            int fp = predictedCount.GetValueOrDefault(label) - tp;
            int fn = count - tp;
            perClass[label] = MetricValue.Measured(2.0 * tp / ((2.0 * tp) + fp + fn), count);
        }

        var worst = perClass.MinBy(p => p.Value.Value!.Value);
        return new ClassificationReport
        {
            Accuracy = MetricValue.Measured((double)correct / expected.Count, expected.Count),
            MacroF1 = MetricValue.Measured(perClass.Values.Average(v => v.Value!.Value), expected.Count),
            WorstClassF1 = worst.Value,
            WorstClass = worst.Key,
            PerClassF1 = perClass,
        };
    }

    private static void Increment(Dictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
