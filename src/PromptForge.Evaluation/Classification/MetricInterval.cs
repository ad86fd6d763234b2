namespace PromptForge.Evaluation;

/// <summary>A confidence interval of a metric; both ends "not measured", with the reason, when it could not be estimated.</summary>
/// <param name="Low">The lower end.</param>
/// <param name="High">The upper end.</param>
public sealed record MetricInterval(MetricValue Low, MetricValue High);
