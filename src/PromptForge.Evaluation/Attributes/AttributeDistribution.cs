namespace PromptForge.Evaluation;

/// <summary>How the values of one attribute are spread over a dataset.</summary>
public sealed record AttributeDistribution
{
    /// <summary>Gets the attribute name.</summary>
    public required string Attribute { get; init; }

    /// <summary>
    /// Gets the normalized entropy <c>H / ln |values|</c> of the observed values over the schema's value set: 1 when
    /// every allowed value is equally frequent, 0 when one value takes everything. Sample size = samples with an allowed value.
    /// </summary>
    public required MetricValue NormalizedEntropy { get; init; }

    /// <summary>Gets the share of the allowed values that occur at least once. Sample size = samples with an allowed value.</summary>
    public required MetricValue Coverage { get; init; }

    /// <summary>Gets how many samples have each allowed value (zero counts included), in schema order.</summary>
    public required IReadOnlyDictionary<string, int> Counts { get; init; }

    /// <summary>Gets the allowed values that no sample has.</summary>
    public required IReadOnlyList<string> MissingValues { get; init; }

    /// <summary>Gets the number of samples without the attribute or with a value outside the schema (left out of both metrics).</summary>
    public required int UnrecognizedCount { get; init; }
}
