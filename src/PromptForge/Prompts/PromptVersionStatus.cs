namespace PromptForge;

/// <summary>Where a prompt version stands.</summary>
public enum PromptVersionStatus
{
    /// <summary>The prompt the run started from.</summary>
    Initial,

    /// <summary>A rewrite that was confirmed and adopted.</summary>
    Accepted,

    /// <summary>A rewrite adopted on trial; the acceptance gate decides after the next iteration.</summary>
    Candidate,

    /// <summary>A rewrite that failed confirmation or regressed and was rolled back.</summary>
    Rejected,
}
