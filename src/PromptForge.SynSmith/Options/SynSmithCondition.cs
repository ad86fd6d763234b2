namespace PromptForge.SynSmith;

/// <summary>
/// The ablation conditions, as the reference's <c>baselines.py</c> defines them at the studied commit (table in
/// docs/synsmith-gate.md). Every condition runs through the same loop, writes the same artifacts and generates the same
/// number of samples in total (a one-pass condition writes them all in one iteration, see
/// <see cref="SynSmithPromptLoopBuilderExtensions.WithSynSmithSchedule(PromptLoopBuilder, SynSmithCondition)"/>); they
/// differ in few-shot anchors, critics, iterations and whether the prompt is rewritten.
/// </summary>
public enum SynSmithCondition
{
    /// <summary>The initial prompt in one pass with the configured style anchors; no critics but the diversity auditor's deterministic layer, no rewriting.</summary>
    Naive,

    /// <summary>As <see cref="Naive"/> with at least eight style anchors per class.</summary>
    FewShot,

    /// <summary>Rewriting from the diversity auditor (with its model summary) alone.</summary>
    SelfCritique,

    /// <summary>Realism discriminator and diversity auditor.</summary>
    RealismOnly,

    /// <summary>Diversity auditor, mode-seeking critic and coverage-hole finder.</summary>
    DiversityOnly,

    /// <summary>The reference's three baseline critics: attribute verifier, realism discriminator, diversity auditor.</summary>
    FullClassic,

    /// <summary>All seven critics (the default).</summary>
    Full,

    /// <summary>Attribute verifier and diversity auditor.</summary>
    AttributeOnly,
}
