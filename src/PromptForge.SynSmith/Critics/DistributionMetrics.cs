using PromptForge.Evaluation;

namespace PromptForge.SynSmith;

/// <summary>
/// The reference's analysis metrics of one batch, computed every iteration in every condition (no model call): self-BLEU-4
/// of the synthetic texts and the unbiased MMD² between their embeddings and the real examples' (RBF kernel, median
/// bandwidth). Not one of the seven critics: it feeds no prompt feedback and no objective axis.
/// </summary>
internal sealed class DistributionMetrics(RealExampleSet real) : CriticBase
{
    public const string CriticName = "distribution_metrics";

    public const string SelfBleuMetric = "self_bleu_4";

    public const string MmdMetric = "mmd2_real";

    public override string Name => CriticName;

    public override IReadOnlyCollection<string> MetricNames => [SelfBleuMetric, MmdMetric];

    public override async Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Samples.Count < 2)
        {
            return NotMeasured("fewer than 2 samples");
        }

        var texts = context.Samples.Select(s => s.Input).ToArray();
        var seed = context.Random.Next();
        var bleu = LexicalMetrics.SelfBleu(texts, new SelfBleuOptions { Seed = seed }, cancellationToken);
        var synthetic = await EmbeddingMatrix.GenerateAsync(context.Embeddings, texts, cancellationToken).ConfigureAwait(false);
        var reference = await EmbeddingMatrix.GenerateAsync(context.Embeddings, real.Select(r => r.Text).ToArray(), cancellationToken).ConfigureAwait(false);
        var mmd = MaximumMeanDiscrepancy.Compute(synthetic, reference, new MmdOptions(), cancellationToken);
        return new Critique
        {
            CriticName = Name,
            Metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal)
            {
                [SelfBleuMetric] = bleu.Value,
                [MmdMetric] = mmd.MmdSquared,
            },
            Details = CriticSupport.Details(new System.Text.Json.Nodes.JsonObject
            {
                ["self_bleu_hypotheses"] = bleu.HypothesisCount,
                ["self_bleu_skipped_short_texts"] = bleu.SkippedShortTexts,
                ["mmd_bandwidth"] = mmd.Bandwidth,
                ["mmd_real_size"] = mmd.SecondSampleSize,
            }),
        };
    }
}
