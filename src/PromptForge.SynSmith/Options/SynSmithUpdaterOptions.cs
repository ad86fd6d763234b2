using System.ComponentModel.DataAnnotations;

namespace PromptForge.SynSmith;

/// <summary>Options of the SynSmith prompt updater.</summary>
public sealed class SynSmithUpdaterOptions
{
    /// <summary>Gets or sets how many recent iterations (prompt version and metric changes) the updater sees.</summary>
    /// <value>3.</value>
    [Range(0, 50)]
    public int HistoryWindow { get; set; } = 3;

    /// <summary>Gets or sets how many failed samples of each critic are shown as evidence.</summary>
    /// <value>6.</value>
    [Range(0, 100)]
    public int MaxFailedSamplesPerCritic { get; set; } = 6;

    /// <summary>Gets or sets the most complaints per critic shown.</summary>
    /// <value>10.</value>
    [Range(1, 100)]
    public int MaxComplaintsPerCritic { get; set; } = 10;

    /// <summary>Gets or sets the system template.</summary>
    /// <value><see cref="SynSmithPromptTemplates.Updater"/>.</value>
    [Required]
    public string Template { get; set; } = SynSmithPromptTemplates.Updater;
}
