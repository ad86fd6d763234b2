namespace PromptForge;

/// <summary>One entry of a manifest's <c>metric_history</c>.</summary>
internal sealed class ManifestIteration
{
    /// <summary>Gets or sets the iteration.</summary>
    public int Iteration { get; set; }

    /// <summary>Gets or sets the prompt version the iteration ran with.</summary>
    public int PromptVersion { get; set; }

    /// <summary>Gets or sets the prompt version adopted at the end of the iteration.</summary>
    public int NextPromptVersion { get; set; }

    /// <summary>Gets or sets the difficulty level, when a curriculum is used.</summary>
    public int? Level { get; set; }

    /// <summary>Gets or sets the number of samples kept.</summary>
    public int SampleCount { get; set; }

    /// <summary>Gets or sets the number of samples rejected.</summary>
    public int RejectedSampleCount { get; set; }

    /// <summary>Gets or sets the metrics.</summary>
    public SortedDictionary<string, MetricValue> Metrics { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the objective score.</summary>
    public double? Objective { get; set; }

    /// <summary>Gets or sets the updater's decision.</summary>
    public PromptUpdateDecision Decision { get; set; }

    /// <summary>Gets or sets the acceptance gate's decision on the candidate measured in this iteration.</summary>
    public string? GateDecision { get; set; }

    /// <summary>Gets or sets a value indicating whether the updater's round failed.</summary>
    public bool RoundFailed { get; set; }

    /// <summary>Gets or sets the updater's reason for no change or failure.</summary>
    public string? UpdateReason { get; set; }

    /// <summary>Gets or sets the iteration's usage.</summary>
    public UsageTotals Usage { get; set; } = new();

    internal static ManifestIteration From(IterationRecord record) => new()
    {
        Iteration = record.Iteration,
        PromptVersion = record.PromptVersion,
        NextPromptVersion = record.NextPromptVersion,
        Level = record.Level?.Level,
        SampleCount = record.SampleCount,
        RejectedSampleCount = record.RejectedSampleCount,
        Metrics = new SortedDictionary<string, MetricValue>(record.Metrics.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal),
        Objective = record.Objective,
        Decision = record.Decision,
        GateDecision = record.GateDecision,
        RoundFailed = record.RoundFailed,
        UpdateReason = record.UpdateReason,
        Usage = record.Usage,
    };

    /// <summary>The public, read-only view of this entry.</summary>
    public RunIterationSummary ToSummary() => new()
    {
        Iteration = Iteration,
        PromptVersion = PromptVersion,
        NextPromptVersion = NextPromptVersion,
        Level = Level,
        SampleCount = SampleCount,
        RejectedSampleCount = RejectedSampleCount,
        Metrics = new SortedDictionary<string, MetricValue>(Metrics, StringComparer.Ordinal).AsReadOnly(),
        Objective = Objective,
        Decision = Decision,
        GateDecision = GateDecision,
        RoundFailed = RoundFailed,
        UpdateReason = UpdateReason,
        Usage = Usage,
    };
}
