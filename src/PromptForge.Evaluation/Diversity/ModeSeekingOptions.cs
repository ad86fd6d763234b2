using System.ComponentModel.DataAnnotations;

namespace PromptForge.Evaluation;

/// <summary>Options for <see cref="ModeSeeking.Compute"/>.</summary>
public sealed class ModeSeekingOptions
{
    /// <summary>Gets or sets the number of sample pairs (with different attributes) the ratio is averaged over.</summary>
    /// <value>
    /// The default is 2,000. Batches with fewer such pairs use all of them. A fixed count makes batches of different
    /// sizes comparable.
    /// </value>
    [Range(1, int.MaxValue)]
    public int PairSampleSize { get; set; } = 2_000;

    /// <summary>Gets or sets the number of pairs (differing only in the attribute) each per-attribute sensitivity is averaged over.</summary>
    /// <value>The default is 500; attributes with fewer such pairs use all of them.</value>
    [Range(1, int.MaxValue)]
    public int SensitivityPairSampleSize { get; set; } = 500;

    /// <summary>Gets or sets the seed of the pair sampling.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; set; }
}
