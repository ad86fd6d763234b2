namespace PromptForge;

/// <summary>How a run ended (or stands, while it runs).</summary>
public enum RunStatus
{
    /// <summary>The run is in progress (or was interrupted by a crash and can be resumed).</summary>
    Running,

    /// <summary>The run finished its iterations or its curriculum.</summary>
    Completed,

    /// <summary>A budget limit stopped the run; the best prompt so far is kept.</summary>
    BudgetExhausted,

    /// <summary>The run was cancelled; it can be resumed.</summary>
    Cancelled,

    /// <summary>An unrecoverable error stopped the run; it can be resumed once the cause is fixed.</summary>
    Failed,

    /// <summary>
    /// A provider-side failure (the provider unavailable, credentials refused, quota or billing exhausted, request
    /// rejected) or too many model-content failures in one iteration stopped the run. The interrupted iteration was
    /// discarded; the run is saved as of its last complete iteration and is resumed once the cause is fixed.
    /// </summary>
    Interrupted,
}
