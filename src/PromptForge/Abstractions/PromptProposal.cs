namespace PromptForge;

/// <summary>One rewrite an updater tried during an iteration.</summary>
public sealed class PromptProposal
{
    /// <summary>Gets the proposed prompt text.</summary>
    public required string Text { get; init; }

    /// <summary>Gets why the rewrite was made.</summary>
    public string? Motivation { get; init; }

    /// <summary>Gets what became of it: <see cref="PromptVersionStatus.Accepted"/>, <see cref="PromptVersionStatus.Candidate"/> or <see cref="PromptVersionStatus.Rejected"/>.</summary>
    public required PromptVersionStatus Status { get; init; }

    /// <summary>Gets the reason for the status (for example "2 samples still fail local confirmation").</summary>
    public string? Reason { get; init; }

    /// <summary>Gets measurements taken of the proposal (for example its coverage).</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyDictionary<string, MetricValue> Metrics { get; init; } = new Dictionary<string, MetricValue>();
}
