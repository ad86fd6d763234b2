namespace PromptForge.Sipdo;

/// <summary>Generator state that survives resume: labels drawn so far and the condensed history.</summary>
internal sealed class SipdoGeneratorState
{
    public Dictionary<string, int> LabelCounts { get; set; } = new(StringComparer.Ordinal);

    public string? HistorySummary { get; set; }

    /// <summary>How many history items (oldest first) <see cref="HistorySummary"/> covers.</summary>
    public int SummarizedCount { get; set; }

    /// <summary>A copy to change: the state read from the loop is read-only.</summary>
    public SipdoGeneratorState Copy() => new()
    {
        LabelCounts = new Dictionary<string, int>(LabelCounts, StringComparer.Ordinal),
        HistorySummary = HistorySummary,
        SummarizedCount = SummarizedCount,
    };
}
