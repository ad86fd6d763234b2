namespace PromptForge;

/// <summary>What happened in one completed iteration.</summary>
public sealed class IterationRecord
{
    /// <summary>Gets the iteration number (1-based).</summary>
    public required int Iteration { get; init; }

    /// <summary>Gets the version of the optimized prompt the iteration ran with.</summary>
    public required int PromptVersion { get; init; }

    /// <summary>Gets the difficulty step, when a curriculum is used.</summary>
    public DifficultyStep? Level { get; init; }

    /// <summary>Gets how many samples were kept.</summary>
    public required int SampleCount { get; init; }

    /// <summary>Gets how many samples were written and rejected.</summary>
    public int RejectedSampleCount { get; init; }

    /// <summary>Gets a value indicating whether the generator skipped the level.</summary>
    public bool LevelSkipped { get; init; }

    /// <summary>Gets every metric of the iteration: the critics' metrics merged with the updater's.</summary>
    public required IReadOnlyDictionary<string, MetricValue> Metrics { get; init; }

    /// <summary>Gets the critiques, in the order the critics were added.</summary>
    public required IReadOnlyList<Critique> Critiques { get; init; }

    /// <summary>Gets the objective score of the prompt the iteration ran with, when an objective is configured and could score it.</summary>
    public double? Objective { get; init; }

    /// <summary>Gets the acceptance gate's decision on the candidate this iteration measured, if it measured one.</summary>
    public string? GateDecision { get; init; }

    /// <summary>Gets what the updater decided.</summary>
    public PromptUpdateDecision Decision { get; init; }

    /// <summary>Gets a value indicating whether the updater's round failed.</summary>
    public bool RoundFailed { get; init; }

    /// <summary>Gets the updater's reason for no change or failure.</summary>
    public string? UpdateReason { get; init; }

    /// <summary>Gets the version adopted at the end of the iteration (the next iteration runs with it).</summary>
    public int NextPromptVersion { get; init; }

    /// <summary>Gets how many model calls of the iteration ended in a model-content failure (a content refusal, or malformed
    /// output after repair) and so became rejected samples, critic errors or failed update rounds.</summary>
    public int ContentFailureCount { get; init; }

    /// <summary>Gets how many model calls the iteration made (a structured call with its repair counts once).</summary>
    public int ModelCallCount { get; init; }

    /// <summary>Gets the model usage of the iteration.</summary>
    public UsageTotals Usage { get; init; } = new();
}
