namespace PromptForge.SynSmith;

/// <summary>How the acceptance gate compares a candidate prompt with the incumbent.</summary>
public enum SynSmithGateMode
{
    /// <summary>The weighted objective's improvement must clear the minimum effect with the configured confidence.</summary>
    WeightedObjective,

    /// <summary>
    /// Some axis must improve by more than the minimum effect and no axis may regress by more than it, each with the
    /// configured confidence (Bonferroni-corrected over the compared axes).
    /// </summary>
    Pareto,
}
