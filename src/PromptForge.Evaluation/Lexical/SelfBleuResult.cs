namespace PromptForge.Evaluation;

/// <summary>The result of <see cref="LexicalMetrics.SelfBleu"/>.</summary>
public sealed record SelfBleuResult
{
    /// <summary>Gets the mean sentence BLEU-4 of each hypothesis against the other texts; 1 means every text repeats the others. Sample size = hypotheses scored.</summary>
    public required MetricValue Value { get; init; }

    /// <summary>Gets the number of texts scored as hypotheses.</summary>
    public required int HypothesisCount { get; init; }

    /// <summary>Gets the number of texts in the reference set (a hypothesis is never its own reference).</summary>
    public required int ReferenceCount { get; init; }

    /// <summary>Gets a value indicating whether the references (or hypotheses) are a random sample rather than every text.</summary>
    public required bool Sampled { get; init; }

    /// <summary>Gets the number of sampled hypotheses skipped because they have fewer than four tokens.</summary>
    public required int SkippedShortTexts { get; init; }
}
