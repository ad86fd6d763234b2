namespace PromptForge;

/// <summary>What the acceptance gate did with the version an iteration measured.</summary>
internal enum GateOutcomeKind
{
    /// <summary>The iteration measured no candidate on trial.</summary>
    None,

    /// <summary>The measurement was partial: the candidate stays on trial and is measured again next iteration.</summary>
    Abstained,

    /// <summary>The candidate was kept.</summary>
    Accepted,

    /// <summary>The candidate was rolled back to the incumbent.</summary>
    Rejected,
}

/// <summary>The gate's outcome for one iteration, as the loop records and publishes it.</summary>
internal sealed class GateOutcome
{
    /// <summary>The outcome when no candidate was on trial.</summary>
    public static readonly GateOutcome None = new() { Kind = GateOutcomeKind.None };

    public required GateOutcomeKind Kind { get; init; }

    /// <summary>Gets the line recorded as the iteration's gate decision ("accepted: ...", "rejected: ...", "abstained: ...").</summary>
    public string? Decision { get; init; }

    /// <summary>Gets the gate's reason (or the measurement gap when it abstained).</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the candidate as of the decision.</summary>
    public PromptVersion? Candidate { get; init; }

    /// <summary>Gets the rejection shown to the updater, when the candidate was rolled back.</summary>
    public PromptRejection? Rejection { get; init; }
}
