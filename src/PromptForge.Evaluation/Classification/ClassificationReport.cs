namespace PromptForge.Evaluation;

/// <summary>Accuracy and F1 of predicted labels against expected labels.</summary>
public sealed record ClassificationReport
{
    /// <summary>Gets the share of items whose predicted label equals the expected one. Sample size = items.</summary>
    public required MetricValue Accuracy { get; init; }

    /// <summary>Gets the mean F1 over the labels present in the expected labels (labels only ever predicted do not count). Sample size = items.</summary>
    public required MetricValue MacroF1 { get; init; }

    /// <summary>Gets the lowest per-class F1. Sample size = that class's support.</summary>
    public required MetricValue WorstClassF1 { get; init; }

    /// <summary>Gets the label with the lowest F1 (the first in ordinal order on a tie); <see langword="null"/> when not measured.</summary>
    public required string? WorstClass { get; init; }

    /// <summary>Gets the F1 of every label present in the expected labels, in ordinal label order. Sample size = the label's support.</summary>
    public required IReadOnlyDictionary<string, MetricValue> PerClassF1 { get; init; }

    /// <summary>Creates a report whose every metric is "not measured" for <paramref name="reason"/>.</summary>
    /// <param name="reason">Why nothing was measured.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null, empty or white space.</exception>
    public static ClassificationReport NotMeasured(string reason)
    {
        var value = MetricValue.NotMeasured(reason);
        return new ClassificationReport
        {
            Accuracy = value,
            MacroF1 = value,
            WorstClassF1 = value,
            WorstClass = null,
            PerClassF1 = new Dictionary<string, MetricValue>(),
        };
    }
}
