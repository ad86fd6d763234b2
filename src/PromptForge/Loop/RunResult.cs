namespace PromptForge;

/// <summary>The outcome of a run.</summary>
public sealed class RunResult
{
    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets how the run ended.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>Gets the best prompt version (highest objective; ties: the shorter, then the later).</summary>
    public required PromptVersion BestPrompt { get; init; }

    /// <summary>Gets the prompt in force when the run ended.</summary>
    public required PromptVersion FinalPrompt { get; init; }

    /// <summary>Gets every prompt version, rejected ones included.</summary>
    public required IReadOnlyList<PromptVersion> PromptHistory { get; init; }

    /// <summary>Gets the completed iterations with their metrics.</summary>
    public required IReadOnlyList<IterationRecord> MetricHistory { get; init; }

    /// <summary>Gets the model usage of the run.</summary>
    public required UsageSnapshot Usage { get; init; }

    /// <summary>Gets every sample kept during the run.</summary>
    public required IReadOnlyList<Sample> Samples { get; init; }

    /// <summary>Gets the wall time of the run, including earlier sessions of a resumed run.</summary>
    public TimeSpan WallTime { get; init; }

    /// <summary>Gets where the run was saved, when a run store is configured.</summary>
    public string? RunLocation { get; init; }

    /// <summary>Gets why the run stopped early (budget reason or error message).</summary>
    public string? StopReason { get; init; }
}
