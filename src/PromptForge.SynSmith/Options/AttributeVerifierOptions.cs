using System.ComponentModel.DataAnnotations;

namespace PromptForge.SynSmith;

/// <summary>Options of the <see cref="AttributeVerifier"/>.</summary>
public sealed class AttributeVerifierOptions
{
    /// <summary>Gets or sets how many samples one model call verifies.</summary>
    /// <value>8.</value>
    [Range(1, 64)]
    public int BatchSize { get; set; } = 8;

    /// <summary>Gets or sets how many real anchors of each requested class are shown.</summary>
    /// <value>2.</value>
    [Range(0, 20)]
    public int SameClassAnchors { get; set; } = 2;

    /// <summary>Gets or sets how many real anchors of every sibling class are shown (a text ambiguous between siblings fails the label).</summary>
    /// <value>1.</value>
    [Range(0, 20)]
    public int SiblingClassAnchors { get; set; } = 1;

    /// <summary>
    /// Gets or sets the models of a judge jury: when set, every call of the attribute verifier is made once per juror (the role's
    /// call with that model id; a host can route a model id to another vendor) and the verdicts are aggregated
    /// (a majority per sample and attribute), with the jurors' agreement (Fleiss' kappa) reported each iteration.
    /// </summary>
    /// <value>Empty: one judge, the role's model.</value>
    [MaxLength(9)]
    public IList<string> Jurors { get; set; } = [];

    /// <summary>Gets or sets the system template.</summary>
    /// <value><see cref="SynSmithPromptTemplates.AttributeVerifier"/>.</value>
    [Required]
    public string Template { get; set; } = SynSmithPromptTemplates.AttributeVerifier;
}
