using System.ComponentModel.DataAnnotations;

namespace PromptForge.Evaluation;

/// <summary>Options for <see cref="ConditionComparison.Compare"/>.</summary>
public sealed class ComparisonOptions
{
    /// <summary>Gets or sets the number of paired bootstrap resamples of the test set.</summary>
    /// <value>The default is 1,000.</value>
    [Range(10, 1_000_000)]
    public int BootstrapResamples { get; set; } = 1_000;

    /// <summary>Gets or sets the number of random label swaps of the paired permutation test.</summary>
    /// <value>The default is 1,000.</value>
    [Range(10, 1_000_000)]
    public int Permutations { get; set; } = 1_000;

    /// <summary>Gets or sets the confidence level of the bootstrap interval.</summary>
    /// <value>The default is 0.95.</value>
    [Range(0.5, 0.9999)]
    public double ConfidenceLevel { get; set; } = 0.95;

    /// <summary>Gets or sets the seed of the resampling.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; set; }
}
