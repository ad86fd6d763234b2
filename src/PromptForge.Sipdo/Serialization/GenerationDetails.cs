namespace PromptForge.Sipdo;

/// <summary>
/// What the generator reports per round, saved as the iteration's <c>generation.json</c>: labels drawn, rejections by
/// reason, the label divergence KL(synthetic || real) after the round, λ, and every candidate of adversarial selection.
/// </summary>
internal sealed record GenerationDetails(
    int? Level,
    IReadOnlyList<string> RequestedLabels,
    IReadOnlyDictionary<string, int> RejectionsByReason,
    double? LabelDivergence,
    bool HistorySummarized,
    double Lambda,
    int CandidatesPerItem,
    IReadOnlyList<GenerationCandidate> Candidates);
