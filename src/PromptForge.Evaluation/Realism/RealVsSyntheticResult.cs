namespace PromptForge.Evaluation;

/// <summary>The result of <see cref="RealVsSyntheticClassifier.Evaluate"/>.</summary>
public sealed record RealVsSyntheticResult
{
    /// <summary>
    /// Gets the out-of-fold AUROC of a classifier telling synthetic (positive) from real: 0.5 means the sets are
    /// indistinguishable, 1 means perfectly separable. Never computed in-sample. Sample size = rows used.
    /// </summary>
    public required MetricValue Auroc { get; init; }

    /// <summary>Gets the number of folds used.</summary>
    public required int Folds { get; init; }

    /// <summary>Gets the number of real rows used.</summary>
    public required int RealSampleSize { get; init; }

    /// <summary>Gets the number of synthetic rows used.</summary>
    public required int SyntheticSampleSize { get; init; }

    /// <summary>Gets a value indicating whether either set was subsampled.</summary>
    public required bool Subsampled { get; init; }

    /// <summary>Gets the real examples the classifier found least synthetic-looking (lowest out-of-fold P(synthetic)) first: what the generator does not cover.</summary>
    public required IReadOnlyList<CoverageHole> CoverageHoles { get; init; }
}

/// <summary>A real example that the synthetic set does not resemble.</summary>
/// <param name="RealIndex">The index of the example in the real set passed in.</param>
/// <param name="SyntheticProbability">The out-of-fold probability that the example is synthetic (low = unlike anything generated).</param>
public readonly record struct CoverageHole(int RealIndex, double SyntheticProbability);
