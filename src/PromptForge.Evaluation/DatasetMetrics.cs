using Microsoft.Extensions.AI;

namespace PromptForge.Evaluation;

/// <summary>
/// One call for every metric of a synthetic dataset, optionally against real examples: lexical diversity,
/// attribute coverage, embedding diversity, realism and downstream usefulness.
/// </summary>
/// <example>
/// <code>
/// var synthetic = new EvaluationSet(texts) { Labels = labels, Attributes = attributes };
/// var real = new EvaluationSet(realTexts) { Labels = realLabels };
/// var report = await DatasetMetrics.ComputeAsync(synthetic, real, new HashedNGramEmbeddingGenerator(),
///     new DatasetMetricsOptions { Schema = schema });
/// foreach (var (name, value) in report.ToMetrics()) Console.WriteLine($"{name}: {value}");
/// </code>
/// </example>
public static class DatasetMetrics
{
    internal const string AttributesGroup = "attributes";
    internal const string EmbeddingsGroup = "embeddings";
    internal const string ModeSeekingGroup = "mode_seeking";
    internal const string RealGroup = "real";
    internal const string DownstreamGroup = "downstream";

    private static DatasetMetricsOptions ValidateAll(DatasetMetricsOptions? options)
    {
        options = OptionsValidation.ValidateOrDefault(options, nameof(options));

        // Nested options are validated up front too, so one exception lists every problem before any work starts.
        var problems = new List<string>();
        OptionsValidation.Collect(options.SelfBleu, nameof(options.SelfBleu), problems);
        OptionsValidation.Collect(options.NearDuplicates, nameof(options.NearDuplicates), problems);
        OptionsValidation.Collect(options.Mmd, nameof(options.Mmd), problems);
        OptionsValidation.Collect(options.ModeSeeking, nameof(options.ModeSeeking), problems);
        OptionsValidation.Collect(options.RealVsSynthetic, nameof(options.RealVsSynthetic), problems);
        OptionsValidation.Collect(options.RealVsSynthetic.Classifier, "RealVsSynthetic.Classifier", problems);
        OptionsValidation.Collect(options.Downstream, nameof(options.Downstream), problems);
        OptionsValidation.Collect(options.Downstream.Classifier, "Downstream.Classifier", problems);
        OptionsValidation.Collect(options.Downstream.Comparison, "Downstream.Comparison", problems);
        OptionsValidation.ThrowIfAny(problems, nameof(options));
        return options;
    }

    /// <summary>Embeds the texts that have no embeddings with <paramref name="embeddingGenerator"/>, then computes every metric.</summary>
    /// <param name="synthetic">The synthetic dataset.</param>
    /// <param name="real">The real examples, or <see langword="null"/> (the realism and downstream metrics are then "not measured").</param>
    /// <param name="embeddingGenerator">The generator used for sets without embeddings (for example the core's offline <c>HashedNGramEmbeddingGenerator</c>).</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="synthetic"/> or <paramref name="embeddingGenerator"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A set's columns have different lengths, or <paramref name="options"/> is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<DatasetMetricsReport> ComputeAsync(
        EvaluationSet synthetic,
        EvaluationSet? real,
        IEmbeddingGenerator<string, Embedding<float>> embeddingGenerator,
        DatasetMetricsOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(embeddingGenerator);
        if (synthetic.Embeddings is null)
        {
            synthetic = synthetic.WithEmbeddings(await EmbeddingMatrix.GenerateAsync(embeddingGenerator, synthetic.Texts, cancellationToken).ConfigureAwait(false));
        }

        if (real is { Embeddings: null })
        {
            real = real.WithEmbeddings(await EmbeddingMatrix.GenerateAsync(embeddingGenerator, real.Texts, cancellationToken).ConfigureAwait(false));
        }

        return Compute(synthetic, real, options, cancellationToken);
    }

    /// <summary>Computes every metric whose inputs are present.</summary>
    /// <param name="synthetic">The synthetic dataset.</param>
    /// <param name="real">The real examples, or <see langword="null"/> (the realism and downstream metrics are then "not measured").</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="synthetic"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A set's columns have different lengths, the embeddings have different dimensions, or <paramref name="options"/> is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static DatasetMetricsReport Compute(
        EvaluationSet synthetic,
        EvaluationSet? real = null,
        DatasetMetricsOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(synthetic);
        synthetic.Validate(nameof(synthetic));
        real?.Validate(nameof(real));
        options = ValidateAll(options);
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);

        var texts = synthetic.Texts;
        var lexical = new[] { 1, 2, 3 }.Select(n => LexicalMetrics.DistinctN(texts, n, options.SubsampleSize, options.Seed, cancellationToken)).ToArray();
        var selfBleu = LexicalMetrics.SelfBleu(texts, options.SelfBleu, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        IReadOnlyList<AttributeDistribution>? distributions = null;
        CombinationCoverageResult? combinations = null;
        if (options.Schema is null || synthetic.Attributes is null)
        {
            skipped[AttributesGroup] = options.Schema is null ? "no attribute schema was given" : "the samples have no attributes";
        }
        else
        {
            distributions = AttributeMetrics.Distributions(synthetic.Attributes, options.Schema);
            combinations = AttributeMetrics.CombinationCoverage(synthetic.Attributes, options.Schema, options.IsValidCombination);
        }

        var embeddings = synthetic.Embeddings;
        NearDuplicateResult? nearDuplicates = null;
        MetricValue vendi;
        ModeSeekingResult? modeSeeking = null;
        if (embeddings is null)
        {
            skipped[EmbeddingsGroup] = "no embeddings were given";
            skipped[ModeSeekingGroup] = skipped[EmbeddingsGroup];
            vendi = MetricValue.NotMeasured(skipped[EmbeddingsGroup]);
        }
        else
        {
            nearDuplicates = NearDuplicates.Compute(embeddings, options.NearDuplicates, cancellationToken);
            vendi = Evaluation.VendiScore.Compute(embeddings, options.SubsampleSize, options.Seed, cancellationToken);
            var attributeNames = options.ModeSeekingAttributes ?? options.Schema?.Attributes;
            if (synthetic.Attributes is null || attributeNames is not { Count: > 0 })
            {
                skipped[ModeSeekingGroup] = synthetic.Attributes is null ? "the samples have no attributes" : "no attributes to compare (no schema and no ModeSeekingAttributes)";
            }
            else
            {
                modeSeeking = Evaluation.ModeSeeking.Compute(embeddings, synthetic.Attributes, attributeNames, options.ModeSeeking, cancellationToken);
            }
        }

        MmdResult? mmd = null;
        RealVsSyntheticResult? realVsSynthetic = null;
        DownstreamResult? downstream = null;
        if (real is null || real.Count == 0)
        {
            skipped[RealGroup] = "no real examples were given";
            skipped[DownstreamGroup] = skipped[RealGroup];
        }
        else if (embeddings is null || real.Embeddings is null)
        {
            skipped[RealGroup] = "real and synthetic embeddings are both needed";
            skipped[DownstreamGroup] = skipped[RealGroup];
        }
        else
        {
            mmd = MaximumMeanDiscrepancy.Compute(embeddings, real.Embeddings, options.Mmd, cancellationToken);
            realVsSynthetic = RealVsSyntheticClassifier.Evaluate(real.Embeddings, embeddings, options.RealVsSynthetic, cancellationToken);
            if (synthetic.Labels is null || real.Labels is null)
            {
                skipped[DownstreamGroup] = "labels are needed on both the synthetic and the real examples";
            }
            else
            {
                var (realTrain, realTest) = new LabeledEmbeddings(real.Embeddings, real.Labels).StratifiedSplit(options.DownstreamTestFraction, options.Seed);
                downstream = DownstreamEvaluation.Evaluate(new LabeledEmbeddings(embeddings, synthetic.Labels), realTest, realTrain, options.Downstream, cancellationToken);
            }
        }

        return new DatasetMetricsReport
        {
            Distinct1 = lexical[0],
            Distinct2 = lexical[1],
            Distinct3 = lexical[2],
            SelfBleu = selfBleu,
            AttributeDistributions = distributions,
            CombinationCoverage = combinations,
            NearDuplicates = nearDuplicates,
            VendiScore = vendi,
            ModeSeeking = modeSeeking,
            Mmd = mmd,
            RealVsSynthetic = realVsSynthetic,
            Downstream = downstream,
            Skipped = skipped,
        };
    }
}
