namespace PromptForge.Evaluation;

/// <summary>The result of <see cref="MaximumMeanDiscrepancy.Compute"/>.</summary>
public sealed record MmdResult
{
    /// <summary>Gets the unbiased estimate of MMD^2 (it can be slightly negative when the two sets come from one distribution). Sample size = rows used from both sets.</summary>
    public required MetricValue MmdSquared { get; init; }

    /// <summary>Gets the RBF bandwidth sigma used (<c>k(x, y) = exp(-|x - y|^2 / (2 sigma^2))</c>).</summary>
    /// <value><see langword="null"/> when <see cref="MmdSquared"/> is not measured.</value>
    public required double? Bandwidth { get; init; }

    /// <summary>Gets the number of rows used from the first set.</summary>
    public required int FirstSampleSize { get; init; }

    /// <summary>Gets the number of rows used from the second set.</summary>
    public required int SecondSampleSize { get; init; }

    /// <summary>Gets a value indicating whether either set was subsampled.</summary>
    public required bool Subsampled { get; init; }
}
