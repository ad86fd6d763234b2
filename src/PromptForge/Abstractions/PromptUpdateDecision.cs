namespace PromptForge;

/// <summary>What a prompt updater decided in one iteration.</summary>
public enum PromptUpdateDecision
{
    /// <summary>The prompt stays as it is.</summary>
    NoChange,

    /// <summary>The updater confirmed the rewrite itself (for example SIPDO's local and global confirmation); it is adopted.</summary>
    Accepted,

    /// <summary>The rewrite is adopted on trial; the acceptance gate keeps it or rolls it back after the next iteration.</summary>
    Candidate,
}
