using System.ComponentModel.DataAnnotations;

namespace PromptForge.Evaluation;

/// <summary>Options for <see cref="DownstreamEvaluation.Evaluate"/>.</summary>
public sealed class DownstreamOptions
{
    /// <summary>Gets or sets the classifier options (the same for every condition).</summary>
    /// <value>The defaults of <see cref="LogisticRegressionOptions"/>.</value>
    [Required]
    public LogisticRegressionOptions Classifier { get; set; } = new();

    /// <summary>Gets or sets the options of the condition comparisons.</summary>
    /// <value>The defaults of <see cref="ComparisonOptions"/>.</value>
    [Required]
    public ComparisonOptions Comparison { get; set; } = new();

    /// <summary>Gets or sets the metric the condition comparisons use.</summary>
    /// <value>The default is <see cref="ComparisonMetric.MacroF1"/>.</value>
    public ComparisonMetric ComparisonMetric { get; set; } = ComparisonMetric.MacroF1;
}
