using System.ComponentModel.DataAnnotations;

namespace PromptForge.SynSmith;

/// <summary>Options of the <see cref="ModeSeekingCritic"/>.</summary>
public sealed class ModeSeekingCriticOptions
{
    /// <summary>Gets or sets the subsample size (synthetic and real are measured on equally many texts).</summary>
    /// <value>16.</value>
    [Range(2, 100_000)]
    public int SubsampleSize { get; set; } = 16;

    /// <summary>Gets or sets the sensitivity, relative to the mean over attributes, below which an attribute is reported as ignored by the generator.</summary>
    /// <value>0.5.</value>
    [Range(0.0, 1.0)]
    public double AttributeDeafnessRatio { get; set; } = 0.5;
}
