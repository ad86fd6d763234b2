namespace PromptForge.Evaluation;

/// <summary>The result of <see cref="ModeSeeking.Compute"/>.</summary>
public sealed record ModeSeekingResult
{
    /// <summary>
    /// Gets the mode-seeking ratio: the mean over pairs of text distance (1 - cosine) divided by the normalized attribute
    /// Hamming distance (differing attributes / attributes). Low means the text barely changes when the requested
    /// attributes do (attribute-deaf generation). Sample size = pairs.
    /// </summary>
    public required MetricValue Ratio { get; init; }

    /// <summary>Gets the mean text distance over the same pairs.</summary>
    public required MetricValue MeanTextDistance { get; init; }

    /// <summary>
    /// Gets each attribute's sensitivity: the mean text distance over pairs of samples that differ in that attribute
    /// only (sample size = pairs; "not measured" when no such pair exists).
    /// </summary>
    public required IReadOnlyDictionary<string, MetricValue> Sensitivity { get; init; }

    /// <summary>Gets the number of samples that have every attribute (the others are left out).</summary>
    public required int SampleCount { get; init; }
}
