namespace PromptForge.Evaluation;

/// <summary>
/// Fleiss' kappa: the agreement of a fixed number of raters who each put every subject into one category, beyond the
/// agreement their category shares would give by chance. 1 is perfect agreement, 0 chance level, below 0 worse than chance.
/// Used for judge juries (several models judging the same items).
/// </summary>
public static class FleissKappa
{
    /// <summary>Computes Fleiss' kappa.</summary>
    /// <param name="ratings">One list per subject: the category each rater gave it. Every subject must have the same number
    /// of ratings (at least 2); subjects that some rater did not rate must be left out by the caller.</param>
    /// <returns>The kappa with the number of subjects as its sample size, or not measured (with the reason) when there is no
    /// subject, fewer than two raters, or every rating falls in one category (chance agreement is then 1 and kappa is undefined).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The subjects have different numbers of ratings, or a rating is <see langword="null"/>.</exception>
    public static MetricValue Compute(IReadOnlyList<IReadOnlyList<string>> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        if (ratings.Count == 0)
        {
            return MetricValue.NotMeasured("no item was rated by every judge");
        }

        int raters = ratings[0].Count;
        if (ratings.Any(r => r is null || r.Count != raters || r.Any(c => c is null)))
        {
            throw new ArgumentException("Every subject needs the same number of non-null ratings.", nameof(ratings));
        }

        if (raters < 2)
        {
            return MetricValue.NotMeasured("agreement needs at least two judges");
        }

        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        double observed = 0;
        foreach (IReadOnlyList<string> subject in ratings)
        {
            double agreeingPairs = 0;
            foreach (IGrouping<string, string> category in subject.GroupBy(c => c, StringComparer.Ordinal))
            {
                int count = category.Count();
                agreeingPairs += count * (count - 1);
                totals[category.Key] = totals.GetValueOrDefault(category.Key) + count;
            }

            observed += agreeingPairs / (raters * (raters - 1.0));
        }

        observed /= ratings.Count;
        double all = (double)ratings.Count * raters;
        double chance = totals.Values.Sum(n => (n / all) * (n / all));
        return chance >= 1.0
            ? MetricValue.NotMeasured("every judgment fell in one category; agreement beyond chance is undefined")
            : MetricValue.Measured((observed - chance) / (1.0 - chance), ratings.Count);
    }
}
