namespace PromptForge.Evaluation;

/// <summary>Metrics of binary scores.</summary>
public static class BinaryClassificationMetrics
{
    /// <summary>
    /// Computes the area under the ROC curve through the Mann-Whitney U statistic: the probability that a random
    /// positive scores higher than a random negative, ties counting one half (tied scores get their average rank).
    /// </summary>
    /// <param name="scores">The score of each item (higher means more likely positive).</param>
    /// <param name="isPositive">Whether each item is positive.</param>
    /// <returns>The AUROC with the number of items, or "not measured" when either class is absent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scores"/> or <paramref name="isPositive"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The lists have different lengths, or a score is NaN.</exception>
    public static MetricValue Auroc(IReadOnlyList<double> scores, IReadOnlyList<bool> isPositive)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(isPositive);
        if (scores.Count != isPositive.Count)
        {
            throw new ArgumentException($"There are {scores.Count} scores but {isPositive.Count} labels.", nameof(isPositive));
        }

        if (scores.Any(double.IsNaN))
        {
            throw new ArgumentException("A score is NaN.", nameof(scores));
        }

        int n = scores.Count;
        long positives = isPositive.Count(p => p);
        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return MetricValue.NotMeasured("AUROC needs at least one positive and one negative item", n);
        }

        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        int start = 0;
        while (start < n)
        {
            int end = start + 1;
            while (end < n && scores[order[end]] == scores[order[start]])
            {
                end++;
            }

            // Ranks are 1-based; tied items share the average of ranks start+1 .. end.
            double averageRank = (start + 1 + end) / 2.0;
            for (int k = start; k < end; k++)
            {
                if (isPositive[order[k]])
                {
                    positiveRankSum += averageRank;
                }
            }

            start = end;
        }

        double u = positiveRankSum - (positives * (positives + 1) / 2.0);
        return MetricValue.Measured(u / (positives * (double)negatives), n);
    }
}
