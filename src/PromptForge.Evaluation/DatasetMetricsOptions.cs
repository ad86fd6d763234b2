using System.ComponentModel.DataAnnotations;

namespace PromptForge.Evaluation;

/// <summary>Options for <see cref="DatasetMetrics.Compute"/>.</summary>
public sealed class DatasetMetricsOptions
{
    /// <summary>Gets or sets the attribute schema; without it the attribute metrics are "not measured".</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public AttributeDomains? Schema { get; set; }

    /// <summary>Gets or sets which attribute combinations can exist (for combination coverage); <see langword="null"/> treats all as valid.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Func<AttributeAssignment, AttributeAssignment, bool>? IsValidCombination { get; set; }

    /// <summary>Gets or sets the attributes the mode-seeking metrics compare; <see langword="null"/> uses every schema attribute.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public IReadOnlyList<string>? ModeSeekingAttributes { get; set; }

    /// <summary>
    /// Gets or sets the equal-size subsample on which distinct-n and the Vendi score are computed. Both depend on the
    /// number of samples, so set this to compare batches of different sizes.
    /// </summary>
    /// <value>The default is <see langword="null"/> (all samples).</value>
    [Range(2, int.MaxValue)]
    public int? SubsampleSize { get; set; }

    /// <summary>Gets or sets the share of the real examples held out as the downstream test set (the rest is real training data).</summary>
    /// <value>The default is 0.5.</value>
    [Range(0.01, 0.99)]
    public double DownstreamTestFraction { get; set; } = 0.5;

    /// <summary>Gets or sets the seed of the equal-size subsample and the downstream split.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the self-BLEU options.</summary>
    /// <value>The defaults of <see cref="SelfBleuOptions"/>.</value>
    [Required]
    public SelfBleuOptions SelfBleu { get; set; } = new();

    /// <summary>Gets or sets the near-duplicate options.</summary>
    /// <value>The defaults of <see cref="NearDuplicateOptions"/>.</value>
    [Required]
    public NearDuplicateOptions NearDuplicates { get; set; } = new();

    /// <summary>Gets or sets the MMD options.</summary>
    /// <value>The defaults of <see cref="MmdOptions"/>.</value>
    [Required]
    public MmdOptions Mmd { get; set; } = new();

    /// <summary>Gets or sets the mode-seeking options.</summary>
    /// <value>The defaults of <see cref="ModeSeekingOptions"/>.</value>
    [Required]
    public ModeSeekingOptions ModeSeeking { get; set; } = new();

    /// <summary>Gets or sets the real-versus-synthetic classifier options.</summary>
    /// <value>The defaults of <see cref="RealVsSyntheticOptions"/>.</value>
    [Required]
    public RealVsSyntheticOptions RealVsSynthetic { get; set; } = new();

    /// <summary>Gets or sets the downstream-usefulness options.</summary>
    /// <value>The defaults of <see cref="DownstreamOptions"/>.</value>
    [Required]
    public DownstreamOptions Downstream { get; set; } = new();
}
