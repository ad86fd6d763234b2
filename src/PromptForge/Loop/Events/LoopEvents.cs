namespace PromptForge;

/// <summary>A run started or resumed.</summary>
public sealed class RunStartedEvent : LoopEvent
{
    /// <summary>Gets where the run is saved, when a run store is configured.</summary>
    public string? RunLocation { get; init; }

    /// <summary>Gets a value indicating whether the run was resumed.</summary>
    public bool Resumed { get; init; }
}

/// <summary>An iteration started.</summary>
public sealed class IterationStartedEvent : LoopEvent
{
    /// <summary>Gets the version of the prompt the iteration runs with.</summary>
    public required int PromptVersion { get; init; }

    /// <summary>Gets the difficulty step, when a curriculum is used.</summary>
    public DifficultyStep? Level { get; init; }
}

/// <summary>The generator finished.</summary>
public sealed class SamplesGeneratedEvent : LoopEvent
{
    /// <summary>Gets the samples kept.</summary>
    public required IReadOnlyList<Sample> Samples { get; init; }

    /// <summary>Gets how many samples were rejected.</summary>
    public int RejectedCount { get; init; }

    /// <summary>Gets a value indicating whether the level was skipped.</summary>
    public bool LevelSkipped { get; init; }

    /// <summary>Gets the generator's note.</summary>
    public string? Note { get; init; }
}

/// <summary>A critic finished (or failed).</summary>
public sealed class CritiqueCompletedEvent : LoopEvent
{
    /// <summary>Gets the critique.</summary>
    public required Critique Critique { get; init; }
}

/// <summary>A prompt rewrite was proposed.</summary>
public sealed class PromptProposedEvent : LoopEvent
{
    /// <summary>Gets the proposed version.</summary>
    public required PromptVersion Prompt { get; init; }
}

/// <summary>A prompt version was adopted.</summary>
public sealed class PromptAcceptedEvent : LoopEvent
{
    /// <summary>Gets the adopted version.</summary>
    public required PromptVersion Prompt { get; init; }

    /// <summary>Gets why it was adopted.</summary>
    public string? Reason { get; init; }
}

/// <summary>A prompt version was rejected or rolled back.</summary>
public sealed class PromptRejectedEvent : LoopEvent
{
    /// <summary>Gets the rejected version.</summary>
    public required PromptVersion Prompt { get; init; }

    /// <summary>Gets why it was rejected.</summary>
    public required string Reason { get; init; }
}

/// <summary>An iteration completed and was saved.</summary>
public sealed class IterationCompletedEvent : LoopEvent
{
    /// <summary>Gets the iteration's record.</summary>
    public required IterationRecord Record { get; init; }

    /// <summary>Gets the usage of the whole run so far.</summary>
    public required UsageTotals RunUsage { get; init; }
}

/// <summary>A budget limit stopped the run.</summary>
public sealed class BudgetReachedEvent : LoopEvent
{
    /// <summary>Gets which limit was reached.</summary>
    public required string Reason { get; init; }
}

/// <summary>The run ended; carries the result.</summary>
public sealed class RunCompletedEvent : LoopEvent
{
    /// <summary>Gets the result.</summary>
    public required RunResult Result { get; init; }
}

/// <summary>A component reported progress within a stage (for example "verifying sample 3 of 16").</summary>
public sealed class ProgressEvent : LoopEvent
{
    /// <summary>Gets the stage, such as <c>generate</c>, <c>critique</c> or <c>update</c>.</summary>
    public required string Stage { get; init; }

    /// <summary>Gets the message.</summary>
    public required string Message { get; init; }
}
