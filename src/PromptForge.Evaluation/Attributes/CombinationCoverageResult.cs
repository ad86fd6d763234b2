namespace PromptForge.Evaluation;

/// <summary>The result of <see cref="AttributeMetrics.CombinationCoverage"/>.</summary>
public sealed record CombinationCoverageResult
{
    /// <summary>Gets the covered valid cells divided by the valid cells, pooled over every attribute pair. Sample size = samples.</summary>
    public required MetricValue Coverage { get; init; }

    /// <summary>Gets the number of valid cells over every attribute pair.</summary>
    public required int ValidCellCount { get; init; }

    /// <summary>Gets the number of valid cells that at least one sample occupies.</summary>
    public required int CoveredCellCount { get; init; }

    /// <summary>Gets the coverage of each attribute pair, in schema order.</summary>
    public required IReadOnlyList<AttributePairCoverage> Pairs { get; init; }
}

/// <summary>The coverage of the combination table of two attributes.</summary>
public sealed record AttributePairCoverage
{
    /// <summary>Gets the first attribute (in schema order).</summary>
    public required string FirstAttribute { get; init; }

    /// <summary>Gets the second attribute.</summary>
    public required string SecondAttribute { get; init; }

    /// <summary>Gets the covered valid cells divided by the valid cells of this pair.</summary>
    public required MetricValue Coverage { get; init; }

    /// <summary>Gets the number of valid cells of this pair.</summary>
    public required int ValidCellCount { get; init; }

    /// <summary>Gets the number of valid cells at least one sample occupies.</summary>
    public required int CoveredCellCount { get; init; }

    /// <summary>Gets the valid cells no sample occupies (what a coverage-gap planner should ask for next).</summary>
    public required IReadOnlyList<AttributeCombination> MissingCells { get; init; }
}
