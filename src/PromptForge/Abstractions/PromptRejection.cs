namespace PromptForge;

/// <summary>A candidate prompt the acceptance gate rolled back, shown to the updater so it can retry differently.</summary>
public sealed class PromptRejection
{
    /// <summary>Gets the rejected candidate.</summary>
    public required PromptVersion Candidate { get; init; }

    /// <summary>Gets the gate's reason (which objective regressed, by how much).</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the iteration that measured the candidate.</summary>
    public required IterationRecord CandidateIteration { get; init; }

    /// <summary>Gets the iteration that measured the prompt the candidate was compared with.</summary>
    public required IterationRecord BaselineIteration { get; init; }
}
