namespace PromptForge;

/// <summary>One completed iteration as a run folder records it (an entry of the manifest's <c>metric_history</c>).</summary>
public sealed class RunIterationSummary
{
    /// <summary>Gets the iteration number (1-based).</summary>
    public required int Iteration { get; init; }

    /// <summary>Gets the prompt version the iteration ran with.</summary>
    public required int PromptVersion { get; init; }

    /// <summary>Gets the prompt version in force at the end of the iteration.</summary>
    public int NextPromptVersion { get; init; }

    /// <summary>Gets the difficulty level, when a curriculum is used.</summary>
    public int? Level { get; init; }

    /// <summary>Gets the number of samples kept.</summary>
    public int SampleCount { get; init; }

    /// <summary>Gets the number of samples rejected.</summary>
    public int RejectedSampleCount { get; init; }

    /// <summary>Gets the metrics, by name.</summary>
    public required IReadOnlyDictionary<string, MetricValue> Metrics { get; init; }

    /// <summary>Gets the objective score, when an objective is configured.</summary>
    public double? Objective { get; init; }

    /// <summary>Gets the updater's decision.</summary>
    public PromptUpdateDecision Decision { get; init; }

    /// <summary>Gets the acceptance gate's decision on the candidate measured in this iteration, if any.</summary>
    public string? GateDecision { get; init; }

    /// <summary>Gets a value indicating whether the updater's round failed.</summary>
    public bool RoundFailed { get; init; }

    /// <summary>Gets the updater's reason for no change or failure.</summary>
    public string? UpdateReason { get; init; }

    /// <summary>Gets the iteration's model usage.</summary>
    public required UsageTotals Usage { get; init; }
}
