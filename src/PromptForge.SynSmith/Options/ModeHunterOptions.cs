using System.ComponentModel.DataAnnotations;

namespace PromptForge.SynSmith;

/// <summary>Options of the <see cref="ModeHunter"/>.</summary>
public sealed class ModeHunterOptions
{
    /// <summary>Gets or sets the most phrases the model may propose per iteration.</summary>
    /// <value>4.</value>
    [Range(1, 50)]
    public int MaxFindingsPerIteration { get; set; } = 4;

    /// <summary>Gets or sets how many synthetic texts must contain a phrase before it is banned.</summary>
    /// <value>2.</value>
    [Range(1, 1000)]
    public int MinRepeats { get; set; } = 2;

    /// <summary>Gets or sets how many real texts are shown (drawn round-robin over every class).</summary>
    /// <value>20.</value>
    [Range(1, 1000)]
    public int RealTextsShown { get; set; } = 20;

    /// <summary>
    /// Gets or sets the models of a judge jury: when set, the mode hunter is asked once per juror and a phrase is kept when most jurors name it (the jurors' agreement on each phrase any juror named is Fleiss' kappa).
    /// </summary>
    /// <value>Empty: one judge, the role's model.</value>
    [MaxLength(9)]
    public IList<string> Jurors { get; set; } = [];

    /// <summary>Gets or sets the system template.</summary>
    /// <value><see cref="SynSmithPromptTemplates.ModeHunter"/>.</value>
    [Required]
    public string Template { get; set; } = SynSmithPromptTemplates.ModeHunter;
}
