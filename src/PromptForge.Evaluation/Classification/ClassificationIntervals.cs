namespace PromptForge.Evaluation;

/// <summary>Bootstrap confidence intervals of a classifier's accuracy, macro F1 and worst-class F1 on one test set.</summary>
public sealed record ClassificationIntervals
{
    /// <summary>Gets the interval of the accuracy.</summary>
    public required MetricInterval Accuracy { get; init; }

    /// <summary>Gets the interval of macro F1 (over the labels present in each resample).</summary>
    public required MetricInterval MacroF1 { get; init; }

    /// <summary>Gets the interval of the worst-class F1.</summary>
    public required MetricInterval WorstClassF1 { get; init; }

    /// <summary>Gets the confidence level of the intervals.</summary>
    public required double ConfidenceLevel { get; init; }

    /// <summary>Gets the number of bootstrap resamples.</summary>
    public required int Resamples { get; init; }
}
