using System.ComponentModel.DataAnnotations;

namespace PromptForge.SynSmith;

/// <summary>Options of the <see cref="RealismDiscriminator"/>.</summary>
public sealed class RealismDiscriminatorOptions
{
    /// <summary>Gets or sets the most texts one call judges; each call holds as many real texts as synthetic ones.</summary>
    /// <value>32 (16 real and 16 synthetic).</value>
    [Range(2, 200)]
    public int MaxTextsPerBatch { get; set; } = 32;

    /// <summary>Gets or sets how many detected-synthetic reasons are passed on to the updater as artifacts.</summary>
    /// <value>8.</value>
    [Range(0, 100)]
    public int MaxArtifactsReported { get; set; } = 8;

    /// <summary>
    /// Gets or sets the models of a judge jury: when set, every call of the realism discriminator is made once per juror (the role's
    /// call with that model id; a host can route a model id to another vendor) and the verdicts are aggregated
    /// (the mean of the jurors' accuracies, a majority per text for its verdict), with the jurors' agreement (Fleiss' kappa) reported each iteration.
    /// </summary>
    /// <value>Empty: one judge, the role's model.</value>
    [MaxLength(9)]
    public IList<string> Jurors { get; set; } = [];

    /// <summary>Gets or sets the system template.</summary>
    /// <value><see cref="SynSmithPromptTemplates.RealismDiscriminator"/>.</value>
    [Required]
    public string Template { get; set; } = SynSmithPromptTemplates.RealismDiscriminator;
}
