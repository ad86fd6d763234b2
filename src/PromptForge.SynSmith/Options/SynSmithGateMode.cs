namespace PromptForge.SynSmith;

/// <summary>How the acceptance gate compares a rewritten prompt's iteration with its baseline.</summary>
public enum SynSmithGateMode
{
    /// <summary>The weighted objective (fidelity, realism, diversity) must not drop by more than the tolerance.</summary>
    WeightedObjective,

    /// <summary>The candidate must not be Pareto-dominated by the baseline over fidelity, realism and diversity.</summary>
    Pareto,
}
