namespace PromptForge.SynSmith;

/// <summary>
/// The ablation conditions. Every condition runs through the same loop, writes the same artifacts and generates
/// the same number of samples per iteration; they differ only in few-shot anchors, critics and whether the prompt
/// is rewritten.
/// </summary>
public enum SynSmithCondition
{
    /// <summary>The initial prompt only: no style anchors, no rewriting; only the deterministic diversity measurements.</summary>
    Naive,

    /// <summary>Eight real style anchors per call, no rewriting; only the deterministic diversity measurements.</summary>
    FewShot,

    /// <summary>Rewriting from the deterministic diversity auditor alone (no model judges).</summary>
    SelfCritique,

    /// <summary>Realism discriminator and diversity auditor.</summary>
    RealismOnly,

    /// <summary>Diversity auditor (with its model summary) only.</summary>
    DiversityOnly,

    /// <summary>The reference's three baseline critics: attribute verifier, realism discriminator, diversity auditor.</summary>
    FullClassic,

    /// <summary>All seven critics (the default).</summary>
    Full,
}
