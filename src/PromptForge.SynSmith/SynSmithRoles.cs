namespace PromptForge.SynSmith;

/// <summary>The model roles SynSmith calls, each with its own tag so temperatures and token limits can be set per role.</summary>
public static class SynSmithRoles
{
    /// <summary>Gets the generator role (<c>synsmith.generator</c>).</summary>
    public static ModelRole Generator { get; } = new("synsmith.generator", ModelRoleKind.Generator);

    /// <summary>Gets the attribute verifier role (<c>synsmith.attribute_verifier</c>).</summary>
    public static ModelRole AttributeVerifier { get; } = new("synsmith.attribute_verifier", ModelRoleKind.Critic);

    /// <summary>Gets the realism discriminator role (<c>synsmith.realism_discriminator</c>).</summary>
    public static ModelRole RealismDiscriminator { get; } = new("synsmith.realism_discriminator", ModelRoleKind.Critic);

    /// <summary>Gets the diversity auditor role (<c>synsmith.diversity_auditor</c>).</summary>
    public static ModelRole DiversityAuditor { get; } = new("synsmith.diversity_auditor", ModelRoleKind.Critic);

    /// <summary>Gets the pack discriminator role (<c>synsmith.pack_discriminator</c>).</summary>
    public static ModelRole PackDiscriminator { get; } = new("synsmith.pack_discriminator", ModelRoleKind.Critic);

    /// <summary>Gets the mode hunter role (<c>synsmith.mode_hunter</c>).</summary>
    public static ModelRole ModeHunter { get; } = new("synsmith.mode_hunter", ModelRoleKind.Critic);

    /// <summary>Gets the prompt updater role (<c>synsmith.updater</c>).</summary>
    public static ModelRole Updater { get; } = new("synsmith.updater", ModelRoleKind.Updater);

    /// <summary>Gets the reference's default settings per role (its config.yaml values), applied as package defaults.</summary>
    internal static IReadOnlyList<(ModelRole Role, float Temperature, int MaxOutputTokens)> Defaults { get; } =
    [
        (Generator, 0.9f, 800),
        (AttributeVerifier, 0.0f, 1200),
        (RealismDiscriminator, 0.0f, 1200),
        (DiversityAuditor, 0.2f, 800),
        (PackDiscriminator, 0.0f, 600),
        (ModeHunter, 0.0f, 400),
        (Updater, 0.3f, 1200),
    ];
}
