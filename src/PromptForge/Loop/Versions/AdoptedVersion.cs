namespace PromptForge;

/// <summary>A version the ledger recorded from an update, with the reason its status was given.</summary>
/// <param name="Version">A copy of the version as recorded.</param>
/// <param name="Reason">Why it was accepted or rejected (the proposal's own reason).</param>
internal readonly record struct AdoptedVersion(PromptVersion Version, string? Reason);
