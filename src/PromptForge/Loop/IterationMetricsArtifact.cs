namespace PromptForge;

/// <summary>The content of <c>iter_NNN/metrics.json</c>.</summary>
internal sealed class IterationMetricsArtifact
{
    public required int Iteration { get; init; }

    public required int PromptVersion { get; init; }

    public int NextPromptVersion { get; init; }

    public int? Level { get; init; }

    public required SortedDictionary<string, MetricValue> Metrics { get; init; }

    public double? Objective { get; init; }

    public PromptUpdateDecision Decision { get; init; }

    public string? GateDecision { get; init; }

    public bool RoundFailed { get; init; }

    public string? UpdateReason { get; init; }

    public IReadOnlyList<string> FailedCritics { get; init; } = [];
}
