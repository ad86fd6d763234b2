using System.ComponentModel.DataAnnotations;

namespace PromptForge.Evaluation;

/// <summary>Options for <see cref="RealVsSyntheticClassifier.Evaluate"/>.</summary>
public sealed class RealVsSyntheticOptions
{
    /// <summary>Gets or sets the number of cross-validation folds (reduced to the smaller set's size when that is smaller).</summary>
    /// <value>The default is 5.</value>
    [Range(2, 100)]
    public int Folds { get; set; } = 5;

    /// <summary>Gets or sets the largest number of rows used from each set; larger sets are randomly subsampled to it.</summary>
    /// <value>The default is 2,000.</value>
    [Range(2, int.MaxValue)]
    public int MaxSamplesPerSet { get; set; } = 2_000;

    /// <summary>Gets or sets how many coverage holes (real examples least like the synthetic set) to report.</summary>
    /// <value>The default is 10.</value>
    [Range(0, int.MaxValue)]
    public int HoleCount { get; set; } = 10;

    /// <summary>Gets or sets the seed of the subsampling and of the fold assignment.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the classifier options.</summary>
    /// <value>The defaults of <see cref="LogisticRegressionOptions"/>.</value>
    [Required]
    public LogisticRegressionOptions Classifier { get; set; } = new();
}
