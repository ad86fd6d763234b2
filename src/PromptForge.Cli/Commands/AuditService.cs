using Microsoft.Extensions.AI;
using PromptForge.Evaluation;

namespace PromptForge.Cli.Commands;

/// <summary>
/// The reference's analysis suite on one finished SynSmith run: downstream usefulness with bootstrap intervals, the
/// n_real sweep, diversity (Vendi, distinct-n, self-BLEU-4, near duplicates), and realism per feature space (MMD^2 and
/// the real-vs-synthetic AUROC, each against a real-vs-real null reference). Shared by <c>audit</c>; deterministic for a
/// given embedder (every resample and split is seeded).
/// </summary>
internal static class AuditService
{
    public const string WordSpace = "tfidf_word";
    public const string CharSpace = "tfidf_char";
    public const string SentenceSpace = "sentence";

    private const int Seed = 0;
    private const int SweepRepeats = 3;

    /// <summary>At most this many TF-IDF terms per space: the dense features feed O(n^2 d) kernels and a classifier.</summary>
    private const int MaxTfidfFeatures = 4_096;

    public static async Task<AuditReport> AuditAsync(
        AuditInputs inputs, IEmbeddingGenerator<string, Embedding<float>> embedder, string embedderLabel, CancellationToken cancellationToken)
    {
        EmbeddingMatrix synthetic = await EmbeddingMatrix.GenerateAsync(embedder, inputs.Synthetic.Texts, cancellationToken).ConfigureAwait(false);
        EmbeddingMatrix realTrain = await EmbeddingMatrix.GenerateAsync(embedder, inputs.RealTrain.Texts, cancellationToken).ConfigureAwait(false);
        EmbeddingMatrix realTest = await EmbeddingMatrix.GenerateAsync(embedder, inputs.RealTest.Texts, cancellationToken).ConfigureAwait(false);
        var syntheticSet = new LabeledEmbeddings(synthetic, inputs.Synthetic.Labels);
        var trainSet = new LabeledEmbeddings(realTrain, inputs.RealTrain.Labels);
        var testSet = new LabeledEmbeddings(realTest, inputs.RealTest.Labels);

        DownstreamResult downstream = DownstreamEvaluation.Evaluate(syntheticSet, testSet, trainSet, cancellationToken: cancellationToken);
        return new AuditReport
        {
            RunId = inputs.Location.RunId,
            Simulated = inputs.Simulated,
            Embeddings = embedderLabel,
            SyntheticCount = inputs.Synthetic.Count,
            RealTrainCount = inputs.RealTrain.Count,
            TestCount = inputs.RealTest.Count,
            TestSource = inputs.TestSource,
            Downstream = [.. downstream.Conditions.Select(c => WithIntervals(c, inputs.RealTest.Labels, cancellationToken))],
            Comparisons = downstream.Comparisons,
            Sweep = Sweep(syntheticSet, trainSet, testSet, cancellationToken),
            SyntheticDiversity = Diversity(inputs.Synthetic.Texts, synthetic, Math.Min(inputs.Synthetic.Count, inputs.RealTrain.Count), cancellationToken),
            RealDiversity = Diversity(inputs.RealTrain.Texts, realTrain, Math.Min(inputs.Synthetic.Count, inputs.RealTrain.Count), cancellationToken),
            Spaces = Spaces(inputs, synthetic, realTrain, cancellationToken),
        };
    }

    /// <summary>The synthetic-only classifier of every run and their probability ensemble on <paramref name="test"/>.</summary>
    public static async Task<AuditEnsemble> EnsembleAsync(
        IReadOnlyList<AuditInputs> runs, LabeledTexts test, string testSource, IEmbeddingGenerator<string, Embedding<float>> embedder, CancellationToken cancellationToken)
    {
        var members = new List<(string Name, LabeledEmbeddings Train)>();
        foreach (AuditInputs run in runs)
        {
            EmbeddingMatrix matrix = await EmbeddingMatrix.GenerateAsync(embedder, run.Synthetic.Texts, cancellationToken).ConfigureAwait(false);
            members.Add((run.Location.RunId, new LabeledEmbeddings(matrix, run.Synthetic.Labels)));
        }

        var testSet = new LabeledEmbeddings(await EmbeddingMatrix.GenerateAsync(embedder, test.Texts, cancellationToken).ConfigureAwait(false), test.Labels);
        DownstreamResult result = DownstreamEvaluation.EvaluateEnsemble(members, testSet, cancellationToken: cancellationToken);
        return new AuditEnsemble(testSource, test.Count, [.. result.Conditions.Select(c => WithIntervals(c, test.Labels, cancellationToken))]);
    }

    private static AuditCondition WithIntervals(DownstreamConditionResult condition, IReadOnlyList<string> expected, CancellationToken cancellationToken) =>
        new(condition.Name, condition.TrainSize, condition.Report,
            condition.NotTrainedReason is null
                ? ClassificationBootstrap.Compute(expected, condition.Predictions, new ComparisonOptions { Seed = Seed }, cancellationToken)
                : ClassificationBootstrap.Compute([], [], cancellationToken: cancellationToken),
            condition.NotTrainedReason);

    /// <summary>
    /// n_real sweep: 1, 2, 4, ... real examples per label (then all of them), each size drawn <see cref="SweepRepeats"/>
    /// times with different seeds; the mean macro and worst-class F1 of real-only and real + synthetic.
    /// </summary>
    internal static IReadOnlyList<AuditSweepPoint> Sweep(LabeledEmbeddings synthetic, LabeledEmbeddings realTrain, LabeledEmbeddings realTest, CancellationToken cancellationToken)
    {
        var byLabel = realTrain.Labels.Select((label, index) => (label, index)).GroupBy(p => p.label, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Select(p => p.index).ToArray()).ToList();
        if (byLabel.Count == 0 || realTest.Count == 0)
        {
            return [];
        }

        int largest = byLabel.Max(g => g.Length);
        var perClassSizes = new List<int>();
        for (int k = 1; k < largest; k *= 2)
        {
            perClassSizes.Add(k);
        }

        perClassSizes.Add(largest);
        var cheap = new DownstreamOptions { Comparison = new ComparisonOptions { BootstrapResamples = 10, Permutations = 10 } };
        var points = new List<AuditSweepPoint>();
        foreach (int perClass in perClassSizes)
        {
            bool all = perClass == largest;
            int repeats = all ? 1 : SweepRepeats;
            var realOnly = new List<ClassificationReport>();
            var augmented = new List<ClassificationReport>();
            int size = 0;
            for (int r = 0; r < repeats; r++)
            {
                var random = new Random(Seed + r);
                var rows = new List<int>();
                foreach (int[] members in byLabel)
                {
                    int[] shuffled = [.. members];
                    random.Shuffle(shuffled);
                    rows.AddRange(shuffled.Take(perClass));
                }

                rows.Sort();
                size = rows.Count;
                var subset = new LabeledEmbeddings(realTrain.Embeddings.SelectRows(rows), [.. rows.Select(i => realTrain.Labels[i])]);
                DownstreamResult result = DownstreamEvaluation.Evaluate(synthetic, realTest, subset, cheap, cancellationToken);
                if (result[DownstreamEvaluation.RealOnly] is { NotTrainedReason: null } a)
                {
                    realOnly.Add(a.Report);
                }

                if (result[DownstreamEvaluation.RealPlusSynthetic] is { NotTrainedReason: null } b)
                {
                    augmented.Add(b.Report);
                }
            }

            points.Add(new AuditSweepPoint(perClass, size, repeats,
                Mean(realOnly, r => r.MacroF1), Mean(augmented, r => r.MacroF1), Mean(realOnly, r => r.WorstClassF1), Mean(augmented, r => r.WorstClassF1)));
        }

        return points;
    }

    private static double? Mean(List<ClassificationReport> reports, Func<ClassificationReport, MetricValue> metric)
    {
        double[] values = [.. reports.Select(metric).Where(m => m.IsMeasured).Select(m => m.Value!.Value)];
        return values.Length == 0 ? null : values.Average();
    }

    /// <summary>
    /// Every diversity figure on a seeded subsample of <paramref name="subsampleSize"/> rows: Vendi, distinct-n,
    /// self-BLEU-4 and the near-duplicate rate all grow or shrink with the sample count, so synthetic and real are
    /// compared at equal size (the feature-space table has the near-duplicate rate over every synthetic sample).
    /// </summary>
    private static AuditDiversity Diversity(IReadOnlyList<string> texts, EmbeddingMatrix embeddings, int subsampleSize, CancellationToken cancellationToken)
    {
        int count = texts.Count;
        if (subsampleSize >= 2 && subsampleSize < texts.Count)
        {
            int[] rows = [.. Enumerable.Range(0, texts.Count)];
            new Random(Seed).Shuffle(rows);
            rows = [.. rows.Take(subsampleSize).Order()];
            texts = [.. rows.Select(i => texts[i])];
            embeddings = embeddings.SelectRows(rows);
        }

        return new AuditDiversity(
            count,
            texts.Count,
            VendiScore.Compute(embeddings, cancellationToken: cancellationToken),
            LexicalMetrics.DistinctN(texts, 1, cancellationToken: cancellationToken),
            LexicalMetrics.DistinctN(texts, 2, cancellationToken: cancellationToken),
            LexicalMetrics.DistinctN(texts, 3, cancellationToken: cancellationToken),
            LexicalMetrics.SelfBleu(texts, cancellationToken: cancellationToken).Value,
            NearDuplicates.Compute(embeddings, cancellationToken: cancellationToken).Rate);
    }

    /// <summary>
    /// Synthetic against the real training examples in three feature spaces; the null reference compares the real
    /// examples' two stratified halves with each other, so a figure can be read against what sampling noise alone gives.
    /// </summary>
    private static List<AuditFeatureSpace> Spaces(AuditInputs inputs, EmbeddingMatrix synthetic, EmbeddingMatrix realTrain, CancellationToken cancellationToken)
    {
        (List<int> firstRows, List<int> secondRows) = inputs.RealTrain.SplitRows(0.5, Seed);
        var spaces = new List<AuditFeatureSpace>();
        foreach ((string name, TfidfOptions? tfidf) in new[]
        {
            (WordSpace, new TfidfOptions { MaxFeatures = MaxTfidfFeatures }),
            (CharSpace, Char()),
            (SentenceSpace, (TfidfOptions?)null),
        })
        {
            EmbeddingMatrix syntheticFeatures = synthetic, realFeatures = realTrain;
            if (tfidf is not null)
            {
                var vectorizer = TfidfVectorizer.Fit([.. inputs.RealTrain.Texts, .. inputs.Synthetic.Texts], tfidf, cancellationToken);
                syntheticFeatures = vectorizer.Transform(inputs.Synthetic.Texts, cancellationToken);
                realFeatures = vectorizer.Transform(inputs.RealTrain.Texts, cancellationToken);
            }

            EmbeddingMatrix first = realFeatures.SelectRows(firstRows), second = realFeatures.SelectRows(secondRows);
            var mmd = new MmdOptions { Seed = Seed };
            var classifier = new RealVsSyntheticOptions { Seed = Seed };
            spaces.Add(new AuditFeatureSpace(
                name,
                syntheticFeatures.Dimensions,
                MaximumMeanDiscrepancy.Compute(syntheticFeatures, realFeatures, mmd, cancellationToken),
                MaximumMeanDiscrepancy.Compute(first, second, mmd, cancellationToken),
                RealVsSyntheticClassifier.Evaluate(realFeatures, syntheticFeatures, classifier, cancellationToken),
                RealVsSyntheticClassifier.Evaluate(first, second, classifier, cancellationToken),
                NearDuplicates.Compute(syntheticFeatures, cancellationToken: cancellationToken)));
        }

        return spaces;

        static TfidfOptions Char()
        {
            TfidfOptions options = TfidfOptions.CharNGrams();
            options.MaxFeatures = MaxTfidfFeatures;
            return options;
        }
    }
}
