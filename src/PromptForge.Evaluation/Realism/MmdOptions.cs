using System.ComponentModel.DataAnnotations;

namespace PromptForge.Evaluation;

/// <summary>Options for <see cref="MaximumMeanDiscrepancy.Compute"/>.</summary>
public sealed class MmdOptions
{
    /// <summary>Gets or sets the largest number of rows used from each set; larger sets are randomly subsampled to it.</summary>
    /// <value>The default is 2,000 (about 6 million kernel evaluations).</value>
    [Range(2, int.MaxValue)]
    public int MaxSamplesPerSet { get; set; } = 2_000;

    /// <summary>Gets or sets the number of pooled rows whose pairwise distances give the median-heuristic bandwidth.</summary>
    /// <value>The default is 1,000.</value>
    [Range(2, int.MaxValue)]
    public int BandwidthSampleSize { get; set; } = 1_000;

    /// <summary>Gets or sets a fixed RBF bandwidth (sigma); <see langword="null"/> uses the median heuristic.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    [Range(double.Epsilon, double.MaxValue)]
    public double? Bandwidth { get; set; }

    /// <summary>Gets or sets the seed of the subsampling.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; set; }
}
