using System.ComponentModel.DataAnnotations;

namespace PromptForge.SynSmith;

/// <summary>Options of the <see cref="DiversityAuditor"/>.</summary>
public sealed class DiversityAuditorOptions
{
    /// <summary>Gets or sets the cosine similarity at or above which two samples are near-duplicates.</summary>
    /// <value>0.92.</value>
    [Range(0.0, 1.0)]
    public double NearDuplicateThreshold { get; set; } = 0.92;

    /// <summary>Gets or sets the subsample size for size-dependent figures (Vendi score, distinct-n), so batches of different sizes compare fairly.</summary>
    /// <value>16.</value>
    [Range(2, 100_000)]
    public int ComparisonSubsampleSize { get; set; } = 16;

    /// <summary>Gets or sets a value indicating whether a model summarizes missing and overrepresented modes (its numbers are never used as metrics).</summary>
    /// <value><see langword="true"/>.</value>
    public bool UseModelSummary { get; set; } = true;

    /// <summary>
    /// Gets or sets the models of a judge jury: when set, the auditor's model summary is asked once per juror and the
    /// named modes and recommendations of all jurors are merged (no agreement figure: the lists are free-form).
    /// </summary>
    /// <value>Empty: one judge, the role's model.</value>
    [MaxLength(9)]
    public IList<string> Jurors { get; set; } = [];

    /// <summary>Gets or sets the system template of the model summary.</summary>
    /// <value><see cref="SynSmithPromptTemplates.DiversityAuditor"/>.</value>
    [Required]
    public string Template { get; set; } = SynSmithPromptTemplates.DiversityAuditor;
}
