using System.ComponentModel.DataAnnotations;

namespace PromptForge.SynSmith;

/// <summary>Options of the <see cref="CoverageHoleFinder"/>.</summary>
public sealed class CoverageHoleFinderOptions
{
    /// <summary>Gets or sets the number of cross-validation folds (the AUROC is never computed in-sample).</summary>
    /// <value>5.</value>
    [Range(2, 20)]
    public int Folds { get; set; } = 5;

    /// <summary>Gets or sets how many real examples least like the synthetic batch are reported as holes.</summary>
    /// <value>4.</value>
    [Range(1, 100)]
    public int TopK { get; set; } = 4;

    /// <summary>
    /// Gets or sets the classifier's L2 penalty. Real and synthetic batches are often separable; a firm penalty keeps
    /// the fit short and the probabilities calibrated enough to rank holes.
    /// </summary>
    /// <value>0.1.</value>
    [Range(0.0, 100.0)]
    public double L2Penalty { get; set; } = 0.1;

    /// <summary>Gets or sets the classifier's iteration limit per fold.</summary>
    /// <value>100.</value>
    [Range(1, 10_000)]
    public int MaxIterations { get; set; } = 100;
}
