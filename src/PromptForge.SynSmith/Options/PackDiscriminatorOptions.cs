using System.ComponentModel.DataAnnotations;

namespace PromptForge.SynSmith;

/// <summary>Options of the <see cref="PackDiscriminator"/>.</summary>
public sealed class PackDiscriminatorOptions
{
    /// <summary>Gets or sets the number of texts in each pack.</summary>
    /// <value>4.</value>
    [Range(1, 50)]
    public int PackSize { get; set; } = 4;

    /// <summary>Gets or sets the number of real-pack versus synthetic-pack comparisons per iteration.</summary>
    /// <value>8.</value>
    [Range(1, 200)]
    public int Comparisons { get; set; } = 8;

    /// <summary>Gets or sets how many comparisons one model call answers.</summary>
    /// <value>4.</value>
    [Range(1, 50)]
    public int ComparisonsPerCall { get; set; } = 4;

    /// <summary>Gets or sets the system template.</summary>
    /// <value><see cref="SynSmithPromptTemplates.PackDiscriminator"/>.</value>
    [Required]
    public string Template { get; set; } = SynSmithPromptTemplates.PackDiscriminator;
}
