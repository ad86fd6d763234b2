using System.ComponentModel.DataAnnotations;

namespace PromptForge.Evaluation;

/// <summary>Options for <see cref="NearDuplicates.Compute"/>.</summary>
public sealed class NearDuplicateOptions
{
    /// <summary>Gets or sets the cosine similarity at or above which two samples are near-duplicates.</summary>
    /// <value>The default is 0.92.</value>
    [Range(0.0, 1.0)]
    public double Threshold { get; set; } = 0.92;

    /// <summary>Gets or sets the largest number of samples compared exactly (every pair); above it the approximate index is used.</summary>
    /// <value>The default is 5,000 (12.5 million pairs, about half a second on two cores at 384 dimensions).</value>
    [Range(0, int.MaxValue)]
    public int ExactMaxSamples { get; set; } = 5_000;

    /// <summary>Gets or sets the number of bands of the SimHash index (each band is one hash table).</summary>
    /// <value>
    /// The default is 32. With <see cref="BitsPerBand"/> = 16, a pair at cosine 0.92 (angle 23 degrees, each hyperplane
    /// bit agreeing with probability 0.872) becomes a candidate with probability <c>1 - (1 - 0.872^16)^32 = 0.977</c>,
    /// and more similar pairs with a higher one; unrelated pairs (cosine near 0) with about 0.0005.
    /// </value>
    [Range(1, 1024)]
    public int BandCount { get; set; } = 32;

    /// <summary>Gets or sets the number of random-hyperplane bits per band.</summary>
    /// <value>The default is 16.</value>
    [Range(1, 64)]
    public int BitsPerBand { get; set; } = 16;

    /// <summary>Gets or sets the seed of the random hyperplanes.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets how many example pairs the result lists (most similar first).</summary>
    /// <value>The default is 100.</value>
    [Range(0, 1_000_000)]
    public int MaxReportedPairs { get; set; } = 100;
}
