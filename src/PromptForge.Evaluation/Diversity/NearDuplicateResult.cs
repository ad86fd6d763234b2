namespace PromptForge.Evaluation;

/// <summary>The result of <see cref="NearDuplicates.Compute"/>.</summary>
public sealed record NearDuplicateResult
{
    /// <summary>Gets the share of samples whose most similar other sample has cosine at or above the threshold. Sample size = samples.</summary>
    public required MetricValue Rate { get; init; }

    /// <summary>Gets the indices of the samples that have a near-duplicate, ascending.</summary>
    public required IReadOnlyList<int> DuplicateIndices { get; init; }

    /// <summary>Gets example near-duplicate pairs, most similar first (at most <see cref="NearDuplicateOptions.MaxReportedPairs"/>).</summary>
    public required IReadOnlyList<NearDuplicatePair> Pairs { get; init; }

    /// <summary>Gets a value indicating whether the approximate index was used (candidate pairs are still verified exactly, so there are no false positives).</summary>
    public required bool Approximate { get; init; }

    /// <summary>Gets the number of pairs whose cosine was computed.</summary>
    public required long PairsCompared { get; init; }
}

/// <summary>Two near-duplicate samples.</summary>
/// <param name="First">The index of the first sample (the smaller one).</param>
/// <param name="Second">The index of the second sample.</param>
/// <param name="Similarity">Their cosine similarity.</param>
public readonly record struct NearDuplicatePair(int First, int Second, double Similarity);
