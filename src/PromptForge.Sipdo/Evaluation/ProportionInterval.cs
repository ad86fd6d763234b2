namespace PromptForge.Sipdo;

/// <summary>A proportion with its 95% Wilson score interval.</summary>
/// <param name="Successes">The number of successes.</param>
/// <param name="Total">The number of trials.</param>
/// <param name="Estimate">The observed proportion (0 when <paramref name="Total"/> is 0).</param>
/// <param name="Lower">The lower bound of the 95% Wilson interval.</param>
/// <param name="Upper">The upper bound of the 95% Wilson interval.</param>
public readonly record struct ProportionInterval(int Successes, int Total, double Estimate, double Lower, double Upper)
{
    /// <summary>The two-sided 95% standard normal quantile.</summary>
    private const double Z95 = 1.959963984540054;

    /// <summary>Computes the proportion and its 95% Wilson score interval (well-behaved for small samples and proportions near 0 or 1).</summary>
    /// <param name="successes">The number of successes.</param>
    /// <param name="total">The number of trials.</param>
    /// <returns>The interval; for zero trials the estimate is 0 and the interval [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="total"/> is negative, or <paramref name="successes"/> is negative or greater than <paramref name="total"/>.</exception>
    public static ProportionInterval Wilson(int successes, int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, total);
        if (total == 0)
        {
            return new ProportionInterval(0, 0, 0, 0, 1);
        }

        double n = total;
        var p = successes / n;
        const double z2 = Z95 * Z95;
        var denominator = 1 + (z2 / n);
        var center = (p + (z2 / (2 * n))) / denominator;
        var margin = Z95 * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / denominator;
        return new ProportionInterval(successes, total, p, Math.Max(0, center - margin), Math.Min(1, center + margin));
    }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{Estimate:P1} [{Lower:P1}, {Upper:P1}] ({Successes}/{Total})");
}
