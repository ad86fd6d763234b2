namespace PromptForge.Sipdo;

/// <summary>How SIPDO moves through difficulty levels.</summary>
public enum SipdoCurriculumKind
{
    /// <summary>Levels 1..n, one per round, as in the paper.</summary>
    Linear,

    /// <summary>Advance only when the current level is solved; skip a level when one is solved without any repair.</summary>
    Adaptive,

    /// <summary>Ablation "one-shot extremes": n rounds, every item at the hardest level n from the start.</summary>
    OneShotExtremes,
}
