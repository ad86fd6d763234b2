namespace PromptForge.Evaluation;

/// <summary>
/// Realism and coverage through a classifier: can logistic regression on embeddings tell synthetic from real
/// examples, and which real examples look least like anything synthetic (coverage holes)?
/// </summary>
/// <remarks>
/// Every probability is out-of-fold (stratified k-fold cross-validation, seeded): each row is scored by a model that
/// never saw it. In-sample scoring would report an AUROC near 1 for any flexible classifier.
/// </remarks>
public static class RealVsSyntheticClassifier
{
    private const string RealLabel = "real";
    private const string SyntheticLabel = "synthetic";

    /// <summary>Computes the out-of-fold AUROC and the coverage holes.</summary>
    /// <param name="real">The real examples' embeddings.</param>
    /// <param name="synthetic">The synthetic samples' embeddings.</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The AUROC and coverage holes; "not measured" when either set has fewer than 2 rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="real"/> or <paramref name="synthetic"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The sets have different dimensions, or <paramref name="options"/> is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static RealVsSyntheticResult Evaluate(
        EmbeddingMatrix real,
        EmbeddingMatrix synthetic,
        RealVsSyntheticOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        options = OptionsValidation.ValidateOrDefault(options, nameof(options));
        if (real.RowCount > 0 && synthetic.RowCount > 0 && real.Dimensions != synthetic.Dimensions)
        {
            throw new ArgumentException($"The sets have different dimensions ({real.Dimensions} and {synthetic.Dimensions}).", nameof(synthetic));
        }

        var random = new Random(options.Seed);
        int[] realRows = Sampling.SampleIndices(real.RowCount, options.MaxSamplesPerSet, random);
        int[] syntheticRows = Sampling.SampleIndices(synthetic.RowCount, options.MaxSamplesPerSet, random);
        bool subsampled = realRows.Length < real.RowCount || syntheticRows.Length < synthetic.RowCount;
        int folds = Math.Min(options.Folds, Math.Min(realRows.Length, syntheticRows.Length));
        if (folds < 2)
        {
            return new RealVsSyntheticResult
            {
                Auroc = MetricValue.NotMeasured($"cross-validation needs at least 2 real and 2 synthetic rows (got {real.RowCount} and {synthetic.RowCount})", real.RowCount + synthetic.RowCount),
                Folds = 0,
                RealSampleSize = realRows.Length,
                SyntheticSampleSize = syntheticRows.Length,
                Subsampled = subsampled,
                CoverageHoles = [],
            };
        }

        // Pooled matrix: real rows first, then synthetic rows.
        int d = real.Dimensions;
        int total = realRows.Length + syntheticRows.Length;
        var data = new float[(long)total * d];
        for (int i = 0; i < realRows.Length; i++)
        {
            real[realRows[i]].CopyTo(data.AsSpan(i * d, d));
        }

        for (int i = 0; i < syntheticRows.Length; i++)
        {
            synthetic[syntheticRows[i]].CopyTo(data.AsSpan((realRows.Length + i) * d, d));
        }

        var pooled = EmbeddingMatrix.Wrap(data, total, d);
        var labels = Enumerable.Range(0, total).Select(i => i < realRows.Length ? RealLabel : SyntheticLabel).ToArray();
        int[] fold = StratifiedFolds.Assign(labels, folds, random);
        var syntheticProbability = new double[total];
        for (int f = 0; f < folds; f++)
        {
            var trainRows = Enumerable.Range(0, total).Where(i => fold[i] != f).ToArray();
            var testRows = Enumerable.Range(0, total).Where(i => fold[i] == f).ToArray();
            var model = LogisticRegression.Train(pooled.SelectRows(trainRows), Sampling.Select(labels, trainRows), options.Classifier, cancellationToken);
            int syntheticClass = model.Classes.ToList().IndexOf(SyntheticLabel);
            foreach (int row in testRows)
            {
                syntheticProbability[row] = model.PredictProbabilities(pooled[row])[syntheticClass];
            }
        }

        var auroc = BinaryClassificationMetrics.Auroc(syntheticProbability, labels.Select(l => l == SyntheticLabel).ToArray());
        var holes = Enumerable.Range(0, realRows.Length)
            .OrderBy(i => syntheticProbability[i]).ThenBy(i => realRows[i])
            .Take(options.HoleCount)
            .Select(i => new CoverageHole(realRows[i], syntheticProbability[i]))
            .ToList();
        return new RealVsSyntheticResult
        {
            Auroc = auroc,
            Folds = folds,
            RealSampleSize = realRows.Length,
            SyntheticSampleSize = syntheticRows.Length,
            Subsampled = subsampled,
            CoverageHoles = holes,
        };
    }
}
