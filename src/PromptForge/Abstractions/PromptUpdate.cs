using System.Text.Json.Serialization;

namespace PromptForge;

/// <summary>The outcome of one call to a prompt updater.</summary>
public sealed class PromptUpdate
{
    /// <summary>Gets what the updater decided.</summary>
    public required PromptUpdateDecision Decision { get; init; }

    /// <summary>Gets the new prompt text; required unless <see cref="Decision"/> is <see cref="PromptUpdateDecision.NoChange"/>.</summary>
    public string? NewText { get; init; }

    /// <summary>Gets why the new prompt was written.</summary>
    public string? Motivation { get; init; }

    /// <summary>
    /// Gets every rewrite tried in this round, in order, with its status. The adopted one (if any) is last; when empty
    /// and a new text is given, the loop records that text as the only proposal.
    /// </summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<PromptProposal> Proposals { get; init; } = [];

    /// <summary>Gets a value indicating whether the round failed (for example the repair limit was reached); the best prompt so far is kept.</summary>
    public bool RoundFailed { get; init; }

    /// <summary>Gets why the round failed or why nothing changed.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the updater's own metrics for the iteration (for example repairs accepted and rejected).</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyDictionary<string, MetricValue> Metrics { get; init; } = new Dictionary<string, MetricValue>();

    /// <summary>Gets the updater's own state to keep across iterations (each value under its key, replacing the previous
    /// one); the loop applies them after the update, whatever its decision. Components read state; they never change it.</summary>
    /// <value>The default is empty.</value>
    [JsonIgnore]
    public IReadOnlyList<Artifact> StateUpdates { get; init; } = [];

    /// <summary>Creates an update that keeps the prompt.</summary>
    /// <param name="reason">Why nothing changed.</param>
    /// <returns>The update.</returns>
    public static PromptUpdate NoChange(string? reason = null) => new() { Decision = PromptUpdateDecision.NoChange, Reason = reason };
}
