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

    /// <summary>
    /// Gets or sets the models of a judge jury: when set, every call of the pack discriminator is made once per juror (the
    /// role's call with that model id) and its accuracy is the mean of the jurors' accuracies, the named patterns those of
    /// the jurors who picked the jury's majority pack, with the jurors' agreement (Fleiss' kappa) reported each iteration.
    /// </summary>
    /// <value>Empty: one judge, the role's model.</value>
    [MaxLength(9)]
    public IList<string> Jurors { get; set; } = [];

    /// <summary>Gets or sets the system template.</summary>
    /// <value><see cref="SynSmithPromptTemplates.PackDiscriminator"/>.</value>
    [Required]
    public string Template { get; set; } = SynSmithPromptTemplates.PackDiscriminator;
}
