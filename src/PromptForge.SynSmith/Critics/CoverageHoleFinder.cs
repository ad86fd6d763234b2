using System.Globalization;
using PromptForge.Evaluation;

namespace PromptForge.SynSmith;

/// <summary>
/// Trains a real-versus-synthetic classifier on embeddings with k-fold cross-validation (never in-sample:
/// reference defect 12 made the reference's AUROC about 1.0 every time) and reports its AUROC; the real examples
/// the held-out folds find least like the synthetic batch are coverage holes, passed to the updater as phrasings
/// to learn from. No model call.
/// </summary>
public sealed class CoverageHoleFinder : CriticBase
{
    /// <summary>The cross-validated AUROC of the real-versus-synthetic classifier (0.5 = no coverage gap visible).</summary>
    public const string AurocMetric = "coverage_auroc";

    private readonly RealExampleSet _real;
    private readonly CoverageHoleFinderOptions _options;

    /// <summary>Initializes a new instance of the <see cref="CoverageHoleFinder"/> class.</summary>
    /// <param name="real">The real examples.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="real"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public CoverageHoleFinder(RealExampleSet real, CoverageHoleFinderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(real);
        _real = real;
        _options = OptionsValidation.ValidOrDefault(options, nameof(options));
    }

    /// <inheritdoc />
    public override string Name => SynSmithCriticNames.CoverageHoleFinder;

    /// <inheritdoc />
    public override IReadOnlyCollection<string> MetricNames => [AurocMetric];

    /// <inheritdoc />
    public override async Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Samples.Count < 2)
        {
            return NotMeasured("fewer than 2 samples");
        }

        var realTexts = _real.Select(r => r.Text).ToArray();
        var realEmbeddings = await EmbeddingMatrix.GenerateAsync(context.Embeddings, realTexts, cancellationToken).ConfigureAwait(false);
        var syntheticEmbeddings = await EmbeddingMatrix.GenerateAsync(context.Embeddings, context.Samples.Select(s => s.Input).ToArray(), cancellationToken).ConfigureAwait(false);
        var result = RealVsSyntheticClassifier.Evaluate(
            realEmbeddings,
            syntheticEmbeddings,
            new RealVsSyntheticOptions
            {
                Folds = _options.Folds,
                HoleCount = _options.TopK,
                Seed = context.Random.Next(),
                // The option is a penalty on the mean loss (lambda); the classifier takes scikit-learn's C, which for a
                // fold's training size n is 1 / (lambda * n).
                Classifier = new LogisticRegressionOptions
                {
                    C = 1.0 / Math.Max(_options.L2Penalty * Math.Max(1, (realTexts.Length + context.Samples.Count) * (_options.Folds - 1) / _options.Folds), 1e-12),
                    MaxIterations = _options.MaxIterations,
                },
            },
            cancellationToken);

        var holes = result.CoverageHoles.Take(_options.TopK).ToArray();
        var complaints = holes.Length == 0
            ? []
            : new[]
            {
                new Complaint
                {
                    Code = "coverage_hole",
                    Message = string.Create(CultureInfo.InvariantCulture, $"{holes.Length} real examples are unlike anything in the synthetic batch (cross-validated AUROC {result.Auroc}); cover situations and phrasings like these without copying them"),
                    Evidence = holes.Select(h => $"{_real[h.RealIndex].Label}: {CriticSupport.Quote(_real[h.RealIndex].Text)}").ToArray(),
                },
            };

        return new Critique
        {
            CriticName = Name,
            Metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal) { [AurocMetric] = result.Auroc },
            Complaints = complaints,
            Details = CriticSupport.Details(new System.Text.Json.Nodes.JsonObject
            {
                ["folds"] = result.Folds,
                ["real_sample_size"] = result.RealSampleSize,
                ["synthetic_sample_size"] = result.SyntheticSampleSize,
            }),
        };
    }
}
