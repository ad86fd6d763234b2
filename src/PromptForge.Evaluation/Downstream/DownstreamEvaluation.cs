namespace PromptForge.Evaluation;

/// <summary>
/// Downstream usefulness of a synthetic dataset: train a classifier on its embeddings (alone, or added to real
/// training data) and measure it on a held-out REAL test set.
/// </summary>
/// <remarks>
/// The classifier is <see cref="LogisticRegression"/> with scikit-learn's parameterization (C = 1, L2, L-BFGS, binary or
/// multinomial) unless <see cref="DownstreamOptions.Classifier"/> says otherwise. Labels seen in the test set but not in
/// a condition's training set can never be predicted by it, and count as errors. The ensemble averages the class
/// probabilities of the trained conditions' classifiers (over the union of their classes).
/// </remarks>
public static class DownstreamEvaluation
{
    /// <summary>The condition trained on synthetic data only.</summary>
    public const string SyntheticOnly = "synthetic_only";

    /// <summary>The condition trained on real training data plus synthetic data.</summary>
    public const string RealPlusSynthetic = "real_plus_synthetic";

    /// <summary>The baseline trained on real training data only.</summary>
    public const string RealOnly = "real_only";

    /// <summary>The cross-condition ensemble that averages the class probabilities of the trained conditions.</summary>
    public const string Ensemble = "ensemble";

    /// <summary>Trains each condition, evaluates it on <paramref name="realTest"/>, and compares the conditions.</summary>
    /// <param name="synthetic">The synthetic examples with their labels; <see langword="null"/> evaluates the real-only condition alone (then <paramref name="realTrain"/> is required).</param>
    /// <param name="realTest">The held-out real test examples (never used for training); their labels are the label set of macro F1.</param>
    /// <param name="realTrain">Optional real training examples; when given, the real + synthetic and real-only conditions are added.</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults (scikit-learn's <c>LogisticRegression()</c>).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The per-condition reports, the ensemble and the comparisons.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="realTest"/> is <see langword="null"/>, or both <paramref name="synthetic"/> and <paramref name="realTrain"/> are.</exception>
    /// <exception cref="ArgumentException">The sets have different dimensions, or <paramref name="options"/> is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static DownstreamResult Evaluate(
        LabeledEmbeddings? synthetic,
        LabeledEmbeddings realTest,
        LabeledEmbeddings? realTrain = null,
        DownstreamOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(realTest);
        if (synthetic is null && realTrain is null)
        {
            throw new ArgumentNullException(nameof(realTrain), "Without synthetic examples the real training examples are required (the real-only condition).");
        }

        options = OptionsValidation.ValidateOrDefault(options, nameof(options));
        foreach (var other in new[] { synthetic, realTrain })
        {
            if (other is { Count: > 0 } && realTest.Count > 0 && other.Embeddings.Dimensions != realTest.Embeddings.Dimensions)
            {
                throw new ArgumentException($"The training embeddings have {other.Embeddings.Dimensions} dimensions but the test embeddings {realTest.Embeddings.Dimensions}.", nameof(realTest));
            }
        }

        var conditions = new List<(string Name, LabeledEmbeddings Train)>();
        if (synthetic is not null)
        {
            conditions.Add((SyntheticOnly, synthetic));
            if (realTrain is { Count: > 0 })
            {
                conditions.Add((RealPlusSynthetic, synthetic.Count > 0 ? LabeledEmbeddings.Concat(realTrain, synthetic) : realTrain));
            }
        }

        if (realTrain is not null && (synthetic is null || realTrain.Count > 0))
        {
            conditions.Add((RealOnly, realTrain));
        }

        return Run(conditions, realTest, options, cancellationToken);
    }

    /// <summary>
    /// The cross-condition ensemble: one classifier per member (for example the synthetic dataset of each ablation
    /// condition), each evaluated on <paramref name="realTest"/>, then <see cref="Ensemble"/>, which averages their
    /// class probabilities, and the pairwise comparisons.
    /// </summary>
    /// <param name="members">The members' names and training sets (names must be distinct).</param>
    /// <param name="realTest">The held-out real test examples; their labels are the label set of macro F1.</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults (scikit-learn's <c>LogisticRegression()</c>).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>Each member's result, then <see cref="Ensemble"/> when at least two members could be trained.</returns>
    /// <exception cref="ArgumentNullException">An argument or a member's training set is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Member names repeat, the sets have different dimensions, or <paramref name="options"/> is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static DownstreamResult EvaluateEnsemble(
        IReadOnlyList<(string Name, LabeledEmbeddings Train)> members,
        LabeledEmbeddings realTest,
        DownstreamOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(realTest);
        options = OptionsValidation.ValidateOrDefault(options, nameof(options));
        if (members.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != members.Count)
        {
            throw new ArgumentException("Ensemble member names must be distinct.", nameof(members));
        }

        foreach (var (name, train) in members)
        {
            ArgumentNullException.ThrowIfNull(train, nameof(members));
            if (train.Count > 0 && realTest.Count > 0 && train.Embeddings.Dimensions != realTest.Embeddings.Dimensions)
            {
                throw new ArgumentException($"Member {name} has {train.Embeddings.Dimensions} dimensions but the test embeddings {realTest.Embeddings.Dimensions}.", nameof(members));
            }
        }

        return Run(members, realTest, options, cancellationToken);
    }

    private static DownstreamResult Run(
        IReadOnlyList<(string Name, LabeledEmbeddings Train)> conditions, LabeledEmbeddings realTest, DownstreamOptions options, CancellationToken cancellationToken)
    {
        var results = new List<DownstreamConditionResult>();
        var models = new List<LogisticRegressionModel>();
        foreach (var (name, train) in conditions)
        {
            var (result, model) = TrainAndTest(name, train, realTest, options.Classifier, cancellationToken);
            results.Add(result);
            if (model is not null)
            {
                models.Add(model);
            }
        }

        if (models.Count >= 2 && realTest.Count > 0)
        {
            results.Add(EnsembleOf(models, results.Where(r => r.NotTrainedReason is null).Sum(r => r.TrainSize), realTest));
        }

        var trained = results.Where(r => r.NotTrainedReason is null).ToList();
        var comparisons = new List<ConditionComparisonResult>();
        for (int a = 0; a < trained.Count; a++)
        {
            for (int b = a + 1; b < trained.Count; b++)
            {
                comparisons.Add(ConditionComparison.Compare(
                    realTest.Labels,
                    (trained[a].Name, trained[a].Predictions),
                    (trained[b].Name, trained[b].Predictions),
                    options.ComparisonMetric,
                    options.Comparison));
            }
        }

        return new DownstreamResult { Conditions = results, Comparisons = comparisons, TestSize = realTest.Count };
    }

    /// <summary>The real-only baseline: a classifier trained on <paramref name="realTrain"/> and evaluated on <paramref name="realTest"/>; no synthetic data is involved.</summary>
    /// <param name="realTrain">The real training examples.</param>
    /// <param name="realTest">The held-out real test examples; their labels are the label set of macro F1.</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults (scikit-learn's <c>LogisticRegression()</c>).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The <see cref="RealOnly"/> condition's result.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The sets have different dimensions, or <paramref name="options"/> is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static DownstreamConditionResult EvaluateRealOnly(
        LabeledEmbeddings realTrain,
        LabeledEmbeddings realTest,
        DownstreamOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(realTrain);
        return Evaluate(synthetic: null, realTest, realTrain, options, cancellationToken)[RealOnly]!;
    }

    private static (DownstreamConditionResult Result, LogisticRegressionModel? Model) TrainAndTest(
        string name, LabeledEmbeddings train, LabeledEmbeddings test, LogisticRegressionOptions classifier, CancellationToken cancellationToken)
    {
        int classes = train.Labels.Distinct(StringComparer.Ordinal).Count();
        string? reason = test.Count == 0 ? "the real test set is empty"
            : classes < 2 ? $"the training set has {classes} distinct label(s); a classifier needs at least 2"
            : null;
        if (reason is not null)
        {
            return (new DownstreamConditionResult
            {
                Name = name,
                TrainSize = train.Count,
                Report = ClassificationReport.NotMeasured(reason),
                Predictions = [],
                Converged = false,
                NotTrainedReason = reason,
            }, null);
        }

        var model = LogisticRegression.Train(train.Embeddings, train.Labels, classifier, cancellationToken);
        var predictions = model.Predict(test.Embeddings);
        return (new DownstreamConditionResult
        {
            Name = name,
            TrainSize = train.Count,
            Report = ClassificationMetrics.Compute(test.Labels, predictions),
            Predictions = predictions,
            Converged = model.Converged,
        }, model);
    }

    private static DownstreamConditionResult EnsembleOf(List<LogisticRegressionModel> models, int trainSize, LabeledEmbeddings test)
    {
        var classes = models.SelectMany(m => m.Classes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var predictions = new string[test.Count];
        var average = new double[classes.Count];
        for (int row = 0; row < test.Count; row++)
        {
            Array.Clear(average);
            foreach (var model in models)
            {
                var probabilities = model.PredictProbabilities(test.Embeddings[row]);
                for (int c = 0; c < probabilities.Length; c++)
                {
                    // A class a model never saw has probability 0 under it.
                    average[classIndex[model.Classes[c]]] += probabilities[c] / models.Count;
                }
            }

            predictions[row] = classes[LogisticRegressionModel.ArgMax(average)];
        }

        return new DownstreamConditionResult
        {
            Name = Ensemble,
            TrainSize = trainSize,
            Report = ClassificationMetrics.Compute(test.Labels, predictions),
            Predictions = predictions,
            Converged = models.All(m => m.Converged),
        };
    }
}
