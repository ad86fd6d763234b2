namespace PromptForge.Evaluation;

/// <summary>The metric by which two conditions are compared.</summary>
public enum ComparisonMetric
{
    /// <summary>Macro F1 over the labels present in the (resampled) test set.</summary>
    MacroF1,

    /// <summary>Accuracy.</summary>
    Accuracy,
}

/// <summary>The comparison of two conditions (classifiers) on the same test set.</summary>
public sealed record ConditionComparisonResult
{
    /// <summary>Gets the name of the first condition.</summary>
    public required string First { get; init; }

    /// <summary>Gets the name of the second condition.</summary>
    public required string Second { get; init; }

    /// <summary>Gets the metric compared.</summary>
    public required ComparisonMetric Metric { get; init; }

    /// <summary>Gets the first condition's value minus the second's on the full test set. Sample size = test items.</summary>
    public required MetricValue Difference { get; init; }

    /// <summary>Gets the lower end of the paired bootstrap percentile interval of the difference. Sample size = test items.</summary>
    /// <value>Not measured, with the reason, when <see cref="Difference"/> is not measured.</value>
    public required MetricValue ConfidenceLow { get; init; }

    /// <summary>Gets the upper end of the paired bootstrap percentile interval of the difference. Sample size = test items.</summary>
    /// <value>Not measured, with the reason, when <see cref="Difference"/> is not measured.</value>
    public required MetricValue ConfidenceHigh { get; init; }

    /// <summary>Gets the confidence level of the interval.</summary>
    public required double ConfidenceLevel { get; init; }

    /// <summary>Gets the two-sided p-value of the paired permutation test (swapping the two conditions' predictions per item), with the +1 correction so it is never 0. Sample size = test items.</summary>
    /// <value>Not measured, with the reason, when <see cref="Difference"/> is not measured.</value>
    public required MetricValue PValue { get; init; }
}
