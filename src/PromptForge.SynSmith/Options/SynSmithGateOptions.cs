using System.ComponentModel.DataAnnotations;

namespace PromptForge.SynSmith;

/// <summary>Options of the SynSmith acceptance gate and objective.</summary>
public sealed class SynSmithGateOptions
{
    /// <summary>Gets or sets the comparison mode.</summary>
    /// <value><see cref="SynSmithGateMode.WeightedObjective"/>.</value>
    public SynSmithGateMode Mode { get; set; } = SynSmithGateMode.WeightedObjective;

    /// <summary>Gets or sets the weight of fidelity (attribute match rate).</summary>
    /// <value>1.</value>
    [Range(0.0, 100.0)]
    public double FidelityWeight { get; set; } = 1.0;

    /// <summary>Gets or sets the weight of realism (1 - 2 |discriminator accuracy - 0.5|).</summary>
    /// <value>1.</value>
    [Range(0.0, 100.0)]
    public double RealismWeight { get; set; } = 1.0;

    /// <summary>Gets or sets the weight of diversity (1 - near-duplicate rate).</summary>
    /// <value>1.</value>
    [Range(0.0, 100.0)]
    public double DiversityWeight { get; set; } = 1.0;

    /// <summary>Gets or sets the drop (per axis for Pareto, of the objective otherwise) tolerated as noise.</summary>
    /// <value>0.02.</value>
    [Range(0.0, 1.0)]
    public double Tolerance { get; set; } = 0.02;
}
