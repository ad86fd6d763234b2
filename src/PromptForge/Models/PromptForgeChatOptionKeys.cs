namespace PromptForge;

/// <summary>
/// Keys PromptForge places in <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> and
/// <see cref="Microsoft.Extensions.AI.ChatResponse.AdditionalProperties"/> so middleware, simulators and
/// telemetry can see which role made a call without parsing prompts.
/// </summary>
public static class PromptForgeChatOptionKeys
{
    /// <summary>The role tag of the call (a <see cref="string"/>, for example <c>synsmith.attribute_verifier</c>).</summary>
    public const string Role = "promptforge.role";

    /// <summary>The role kind of the call (<c>generator</c>, <c>task</c>, <c>critic</c> or <c>updater</c>).</summary>
    public const string RoleKind = "promptforge.role_kind";

    /// <summary>
    /// A value that makes otherwise identical requests distinct (for example one of k independent verifier votes), so a
    /// response cache keeps one entry per vote; set from <see cref="ModelRequest.CacheDiscriminator"/>.
    /// </summary>
    public const string CacheDiscriminator = "promptforge.cache_discriminator";

    /// <summary>Set to <see langword="true"/> on a response that was served from the response cache (it cost nothing).</summary>
    public const string CacheHit = "promptforge.cache_hit";

    /// <summary>Set to <see langword="true"/> on a response produced by the offline simulator rather than a model.</summary>
    public const string Simulated = "promptforge.simulated";
}
