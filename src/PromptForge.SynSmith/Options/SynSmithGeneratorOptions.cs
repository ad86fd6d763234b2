using System.ComponentModel.DataAnnotations;

namespace PromptForge.SynSmith;

/// <summary>Options of the SynSmith generator.</summary>
public sealed class SynSmithGeneratorOptions
{
    /// <summary>Gets or sets how many targets one model call writes.</summary>
    /// <value>1 (one sample per target and call, as the reference).</value>
    [Range(1, 64)]
    public int SamplesPerCall { get; set; } = 1;

    /// <summary>Gets or sets how many real examples of each target's own class are shown as style anchors.</summary>
    /// <value>3. The <see cref="SynSmithCondition.Naive"/> condition uses 0 and <see cref="SynSmithCondition.FewShot"/> 8.</value>
    [Range(0, 50)]
    public int StyleAnchorsPerClass { get; set; } = 3;

    /// <summary>Gets or sets a value indicating whether the model writes several candidates with probabilities per target and one is drawn (verbalized sampling).</summary>
    /// <value><see langword="false"/>.</value>
    public bool VerbalizedSampling { get; set; }

    /// <summary>Gets or sets the number of candidates per target under verbalized sampling.</summary>
    /// <value>5.</value>
    [Range(2, 20)]
    public int VerbalizedCandidates { get; set; } = 5;

    /// <summary>
    /// Gets or sets a value indicating whether labels whose samples the attribute verifier rejected in the previous
    /// iteration are requested again first. The replacements are drawn from the same per-iteration sample count,
    /// so every condition generates the same number of samples (reference defect 17).
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool RegenerateRejectedLabels { get; set; } = true;

    /// <summary>Gets or sets how many times a target whose reply was missing or malformed is retried within the iteration.</summary>
    /// <value>1.</value>
    [Range(0, 5)]
    public int MaxRetriesPerTarget { get; set; } = 1;

    /// <summary>Gets or sets the system template; <c>{{prompt}}</c> is replaced by the generator prompt being optimized.</summary>
    /// <value><see cref="SynSmithPromptTemplates.Generator"/>.</value>
    [Required]
    public string Template { get; set; } = SynSmithPromptTemplates.Generator;

    /// <summary>Gets or sets the verbalized-sampling system template (<c>{{prompt}}</c>, <c>{{candidates}}</c>).</summary>
    /// <value><see cref="SynSmithPromptTemplates.GeneratorVerbalized"/>.</value>
    [Required]
    public string VerbalizedTemplate { get; set; } = SynSmithPromptTemplates.GeneratorVerbalized;
}
