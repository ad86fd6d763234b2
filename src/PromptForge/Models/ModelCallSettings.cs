using System.ComponentModel.DataAnnotations;

namespace PromptForge;

/// <summary>
/// Per-role call defaults. Settings resolve from the most specific source: the request itself, then the
/// role tag, then the role kind, then the package's defaults for that role; anything left unset is
/// left to the provider.
/// </summary>
public sealed class ModelCallSettings
{
    /// <summary>Gets or sets the sampling temperature.</summary>
    /// <value>Unset by default (the provider's default applies).</value>
    [Range(0.0, 2.0)]
    public float? Temperature { get; set; }

    /// <summary>Gets or sets the maximum number of output tokens.</summary>
    /// <value>Unset by default.</value>
    [Range(1, 1_000_000)]
    public int? MaxOutputTokens { get; set; }

    /// <summary>Gets or sets the model id sent with the request.</summary>
    /// <value>Unset by default (the client's configured model is used).</value>
    public string? ModelId { get; set; }

    /// <summary>Returns a copy of these settings with every unset value taken from <paramref name="fallback"/>.</summary>
    /// <param name="fallback">Less specific settings; may be <see langword="null"/>.</param>
    /// <returns>A new merged instance.</returns>
    public ModelCallSettings MergeWith(ModelCallSettings? fallback) => new()
    {
        Temperature = Temperature ?? fallback?.Temperature,
        MaxOutputTokens = MaxOutputTokens ?? fallback?.MaxOutputTokens,
        ModelId = ModelId ?? fallback?.ModelId,
    };

    /// <summary>Returns a copy of these settings.</summary>
    /// <returns>A new instance with the same values.</returns>
    public ModelCallSettings Clone() => MergeWith(null);
}
