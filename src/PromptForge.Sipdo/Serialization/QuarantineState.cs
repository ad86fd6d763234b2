namespace PromptForge.Sipdo;

/// <summary>
/// Synthetic items that no repair could fix and that the verifiers, shown the task model's answer, no longer
/// unanimously support: excluded from coverage and confirmation, kept in the run's samples and listed here.
/// Items the re-check upheld are listed too, so each item is re-checked once.
/// </summary>
internal sealed class QuarantineState
{
    public const string Key = "sipdo.quarantine";

    public List<QuarantinedItem> Quarantined { get; set; } = [];

    public List<string> Upheld { get; set; } = [];

    public bool IsQuarantined(string itemId) => Quarantined.Any(q => q.ItemId == itemId);

    /// <summary>A copy of the state's quarantine record (empty when there is none) that the caller may change and return as a state update.</summary>
    public static QuarantineState Read(LoopState state) =>
        state.TryGetValue(SipdoKeys.Quarantine, out var saved) ? new QuarantineState { Quarantined = [.. saved.Quarantined], Upheld = [.. saved.Upheld] } : new QuarantineState();
}

/// <summary>One quarantined item: when, by how many votes, and why.</summary>
/// <param name="ItemId">The synthetic item's id.</param>
/// <param name="Iteration">The iteration whose repair failed on it.</param>
/// <param name="PromptVersion">The prompt version whose answer the verifiers were shown.</param>
/// <param name="AgreeingVotes">Votes that still supported the label.</param>
/// <param name="Votes">Votes cast.</param>
/// <param name="Reason">The dissenting verifiers' reasons.</param>
/// <param name="ModelAnswer">The task model's extracted answer the verifiers saw.</param>
internal sealed record QuarantinedItem(string ItemId, int Iteration, int PromptVersion, int AgreeingVotes, int Votes, string Reason, string? ModelAnswer);
