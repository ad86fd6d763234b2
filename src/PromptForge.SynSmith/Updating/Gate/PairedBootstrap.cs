using MathNet.Numerics.Statistics;

namespace PromptForge.SynSmith;

/// <summary>
/// Percentile bootstrap of a statistic of paired units (resampling units with replacement, the same draw for both sides
/// of each pair) or of two independent groups (each resampled on its own).
/// </summary>
internal static class PairedBootstrap
{
    public static (double Low, double High) Paired(int unitCount, Func<int[], double> statistic, int resamples, double confidenceLevel, Random random)
    {
        var estimates = new double[resamples];
        var draw = new int[unitCount];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < unitCount; i++)
            {
                draw[i] = random.Next(unitCount);
            }

            estimates[b] = statistic(draw);
        }

        return Interval(estimates, confidenceLevel);
    }

    public static (double Low, double High) Unpaired(int firstCount, int secondCount, Func<int[], int[], double> statistic, int resamples, double confidenceLevel, Random random)
    {
        var estimates = new double[resamples];
        var first = new int[firstCount];
        var second = new int[secondCount];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < firstCount; i++)
            {
                first[i] = random.Next(firstCount);
            }

            for (var i = 0; i < secondCount; i++)
            {
                second[i] = random.Next(secondCount);
            }

            estimates[b] = statistic(first, second);
        }

        return Interval(estimates, confidenceLevel);
    }

    private static (double Low, double High) Interval(double[] estimates, double confidenceLevel)
    {
        // NaN replicates (a resample without any unit measured on an axis) carry no information about the difference.
        var finite = estimates.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        Array.Sort(finite);
        var alpha = 1 - confidenceLevel;
        return (SortedArrayStatistics.Quantile(finite, alpha / 2), SortedArrayStatistics.Quantile(finite, 1 - (alpha / 2)));
    }
}
