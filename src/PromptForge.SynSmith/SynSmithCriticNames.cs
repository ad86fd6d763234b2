namespace PromptForge.SynSmith;

/// <summary>
/// The names of SynSmith's seven critics, the vocabulary of <see cref="SynSmithOptions.ExcludedCritics"/> (leave-one-critic-out)
/// and of run folders; components never find each other by these names (they read typed results through artifact keys).
/// </summary>
public static class SynSmithCriticNames
{
    /// <summary>The attribute verifier.</summary>
    public const string AttributeVerifier = "attribute_verifier";

    /// <summary>The realism discriminator.</summary>
    public const string RealismDiscriminator = "realism_discriminator";

    /// <summary>The diversity auditor.</summary>
    public const string DiversityAuditor = "diversity_auditor";

    /// <summary>The pack discriminator (PacGAN analog).</summary>
    public const string PackDiscriminator = "pack_discriminator";

    /// <summary>The mode-seeking critic (MSGAN analog).</summary>
    public const string ModeSeeking = "mode_seeking";

    /// <summary>The mode hunter (persistent ban list).</summary>
    public const string ModeHunter = "mode_hunter";

    /// <summary>The coverage-hole finder.</summary>
    public const string CoverageHoleFinder = "coverage_hole_finder";

    /// <summary>Gets all seven names in the reference's order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [AttributeVerifier, RealismDiscriminator, DiversityAuditor, PackDiscriminator, ModeSeeking, ModeHunter, CoverageHoleFinder];
}
