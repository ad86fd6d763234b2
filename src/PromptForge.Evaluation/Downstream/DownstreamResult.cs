namespace PromptForge.Evaluation;

/// <summary>The result of <see cref="DownstreamEvaluation.Evaluate"/>.</summary>
public sealed record DownstreamResult
{
    /// <summary>Gets each trained condition (<see cref="DownstreamEvaluation.SyntheticOnly"/>, and with real training data <see cref="DownstreamEvaluation.RealPlusSynthetic"/> and <see cref="DownstreamEvaluation.RealOnly"/>), then <see cref="DownstreamEvaluation.Ensemble"/> when at least two conditions were trained.</summary>
    public required IReadOnlyList<DownstreamConditionResult> Conditions { get; init; }

    /// <summary>Gets the pairwise comparisons of the trained conditions and the ensemble on the test set.</summary>
    public required IReadOnlyList<ConditionComparisonResult> Comparisons { get; init; }

    /// <summary>Gets the number of real test examples.</summary>
    public required int TestSize { get; init; }

    /// <summary>Gets a condition by name.</summary>
    /// <param name="name">The condition name, for example <see cref="DownstreamEvaluation.SyntheticOnly"/>.</param>
    /// <returns>The condition, or <see langword="null"/> when it was not evaluated.</returns>
    public DownstreamConditionResult? this[string name] => Conditions.FirstOrDefault(c => c.Name == name);
}

/// <summary>One training condition evaluated on the real test set.</summary>
public sealed record DownstreamConditionResult
{
    /// <summary>Gets the condition name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the number of training examples (for the ensemble, the sum over its members).</summary>
    public required int TrainSize { get; init; }

    /// <summary>Gets accuracy, per-class, macro and worst-class F1 on the test set (every metric "not measured" when the condition could not be trained).</summary>
    public required ClassificationReport Report { get; init; }

    /// <summary>Gets the predicted label of every test example (empty when not trained).</summary>
    public required IReadOnlyList<string> Predictions { get; init; }

    /// <summary>Gets a value indicating whether the classifier's optimizer converged (for the ensemble: all members).</summary>
    public required bool Converged { get; init; }

    /// <summary>Gets why the condition was not trained; <see langword="null"/> when it was.</summary>
    public string? NotTrainedReason { get; init; }
}
