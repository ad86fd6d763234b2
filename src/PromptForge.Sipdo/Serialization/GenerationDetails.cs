namespace PromptForge.Sipdo;

/// <summary>What the generator reports per round (saved with the iteration): labels drawn, rejections by reason, label divergence.</summary>
internal sealed record GenerationDetails(
    int? Level,
    IReadOnlyList<string> RequestedLabels,
    IReadOnlyDictionary<string, int> RejectionsByReason,
    double? LabelDivergence,
    bool HistorySummarized);
