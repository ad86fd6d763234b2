using System.ComponentModel.DataAnnotations;

namespace PromptForge.SynSmith;

/// <summary>
/// Options of the SynSmith acceptance gate and objective. A candidate prompt is kept only when the bootstrap confidence
/// interval of its paired objective difference against the incumbent clears <see cref="MinimumEffect"/> (see
/// docs/synsmith-gate.md for the axes, their defaults and the measured false-acceptance rate).
/// </summary>
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

    /// <summary>Gets or sets the weight of pack realism (1 - 2 |pack accuracy - 0.5|).</summary>
    /// <value>0.5: a pack comparison judges several samples at once, so it is a coarser signal than the per-text judge.</value>
    [Range(0.0, 100.0)]
    public double PackWeight { get; set; } = 0.5;

    /// <summary>Gets or sets the weight of attribute sensitivity (mode-seeking ratio r mapped to r / (1 + r)).</summary>
    /// <value>0.5.</value>
    [Range(0.0, 100.0)]
    public double ModeSeekingWeight { get; set; } = 0.5;

    /// <summary>Gets or sets the weight of coverage (1 - 2 |coverage AUROC - 0.5|, clamped).</summary>
    /// <value>0.5.</value>
    [Range(0.0, 100.0)]
    public double CoverageWeight { get; set; } = 0.5;

    /// <summary>Gets or sets the weight of avoiding banned phrasings (1 - share of samples using a banned phrasing).</summary>
    /// <value>0.5.</value>
    [Range(0.0, 100.0)]
    public double BannedPhrasingWeight { get; set; } = 0.5;

    /// <summary>
    /// Gets or sets the improvement the lower bound of the objective difference's confidence interval must exceed (per
    /// axis for <see cref="SynSmithGateMode.Pareto"/>); 0 asks only that the improvement be distinguishable from noise.
    /// </summary>
    /// <value>0.</value>
    [Range(0.0, 1.0)]
    public double MinimumEffect { get; set; }

    /// <summary>Gets or sets the two-sided confidence level of the bootstrap interval.</summary>
    /// <value>0.95 (a candidate equal to the incumbent clears 0 about 2.5% of the time in theory).</value>
    [Range(0.5, 0.9999)]
    public double ConfidenceLevel { get; set; } = 0.95;

    /// <summary>Gets or sets the number of bootstrap resamples of the paired target vectors.</summary>
    /// <value>2,000.</value>
    [Range(100, 1_000_000)]
    public int BootstrapResamples { get; set; } = 2_000;

    /// <summary>Gets or sets the seed of the bootstrap (combined with the iteration, so every decision reproduces).</summary>
    /// <value>0.</value>
    public int BootstrapSeed { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a gate iteration also writes and judges a batch under the incumbent for the
    /// same target vectors (measurement-only samples, not kept in the dataset; their extra model calls are counted).
    /// Without it the gate compares the candidate's batch with the baseline iteration's batch (an unpaired bootstrap).
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool PairedMeasurement { get; set; } = true;
}
