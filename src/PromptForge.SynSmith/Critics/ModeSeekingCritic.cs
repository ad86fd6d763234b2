using System.Globalization;
using PromptForge.Evaluation;

namespace PromptForge.SynSmith;

/// <summary>
/// MSGAN analog, no model call: mean text distance (1 - cosine) over sample pairs divided by their attribute
/// Hamming distance normalized by the number of attributes, so the figure does not grow with the schema
/// (reference defect 13); per-attribute sensitivity over pairs differing only in that attribute. Computed on
/// equal-size subsamples of verified attributes, and reported next to the same label-only figure for the
/// synthetic batch and for the real data, which only carry labels. Low = attribute-deaf generation.
/// </summary>
public sealed class ModeSeekingCritic : CriticBase
{
    /// <summary>The normalized mode-seeking ratio over all verified attributes of the synthetic batch.</summary>
    public const string RatioMetric = "mode_seeking_ratio";

    /// <summary>The same ratio on the label attribute alone, synthetic batch.</summary>
    public const string LabelRatioMetric = "mode_seeking_ratio_label";

    /// <summary>The same label-only ratio on an equal-size subsample of the real data (the reference figure).</summary>
    public const string RealRatioMetric = "mode_seeking_ratio_real";

    private readonly AttributeSchema _schema;
    private readonly RealExampleSet _real;
    private readonly ModeSeekingCriticOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ModeSeekingCritic"/> class.</summary>
    /// <param name="schema">The attribute schema.</param>
    /// <param name="real">The real examples (for the reference figure).</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> or <paramref name="real"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public ModeSeekingCritic(AttributeSchema schema, RealExampleSet real, ModeSeekingCriticOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(real);
        _schema = schema;
        _real = real;
        _options = OptionsValidation.ValidOrDefault(options, nameof(options));
    }

    /// <inheritdoc />
    public override string Name => SynSmithCriticNames.ModeSeeking;

    /// <summary>Gets the stage: after the attribute verifier.</summary>
    public override int Stage => 1;

    /// <inheritdoc />
    public override IReadOnlyCollection<string> MetricNames =>
        [RatioMetric, LabelRatioMetric, RealRatioMetric, .. _schema.AttributeNames.Select(Sensitivity)];

    /// <summary>Gets the per-attribute sensitivity metric name (<c>mode_seeking_sensitivity_&lt;attribute&gt;</c>).</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The metric name.</returns>
    public static string Sensitivity(string attribute) => "mode_seeking_sensitivity_" + attribute;

    /// <inheritdoc />
    public override async Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (rows, source) = VerifiedAttributes.Collect(context.Samples, context.PriorCritiques);
        var size = Math.Min(_options.SubsampleSize, Math.Min(rows.Count, _real.Count));
        if (size < 2)
        {
            return NotMeasured("fewer than 2 verified samples or real examples");
        }

        var seed = context.Random.Next();
        var synthetic = rows.OrderBy(_ => context.Random.Next()).Take(size).ToArray();
        var real = _real.OrderBy(_ => context.Random.Next()).Take(size).ToArray();
        var syntheticEmbeddings = await EmbeddingMatrix.GenerateAsync(context.Embeddings, synthetic.Select(r => r.Sample.Input).ToArray(), cancellationToken).ConfigureAwait(false);
        var realEmbeddings = await EmbeddingMatrix.GenerateAsync(context.Embeddings, real.Select(r => r.Text).ToArray(), cancellationToken).ConfigureAwait(false);
        var options = new Evaluation.ModeSeekingOptions { Seed = seed };
        var label = new[] { _schema.LabelAttribute };

        var all = ModeSeeking.Compute(syntheticEmbeddings, synthetic.Select(r => r.Attributes).ToArray(), _schema.AttributeNames, options);
        var labelOnly = ModeSeeking.Compute(syntheticEmbeddings, synthetic.Select(r => r.Attributes).ToArray(), label, options);
        var realLabelOnly = ModeSeeking.Compute(
            realEmbeddings,
            real.Select(r => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal) { [_schema.LabelAttribute] = r.Label }).ToArray(),
            label,
            options);

        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal)
        {
            [RatioMetric] = all.Ratio,
            [LabelRatioMetric] = labelOnly.Ratio,
            [RealRatioMetric] = realLabelOnly.Ratio,
        };
        foreach (var attribute in _schema.AttributeNames)
        {
            metrics[Sensitivity(attribute)] = all.Sensitivity.TryGetValue(attribute, out var s) ? s : MetricValue.NotMeasured("no pair differs only in this attribute", size);
        }

        var measured = all.Sensitivity.Where(s => s.Value.IsMeasured).ToArray();
        var complaints = new List<Complaint>();
        if (measured.Length > 1)
        {
            var mean = measured.Average(s => s.Value.Value!.Value);
            foreach (var (attribute, value) in measured.Where(s => s.Value.Value!.Value < _options.AttributeDeafnessRatio * mean))
            {
                complaints.Add(new Complaint
                {
                    Code = "attribute_deaf",
                    Message = string.Create(CultureInfo.InvariantCulture, $"changing only {attribute} barely changes the text (sensitivity {value.Value:0.###} vs mean {mean:0.###}): make {attribute} visibly shape the wording"),
                });
            }
        }

        if (labelOnly.Ratio.Value is { } synth && realLabelOnly.Ratio.Value is { } reference && synth < _options.AttributeDeafnessRatio * reference)
        {
            complaints.Add(new Complaint
            {
                Code = "attribute_deaf",
                Message = string.Create(CultureInfo.InvariantCulture, $"texts of different classes differ much less than in real data (label-only ratio {synth:0.###} vs real {reference:0.###})"),
            });
        }

        return new Critique
        {
            CriticName = Name,
            Metrics = metrics,
            Complaints = complaints,
            Details = CriticSupport.Details(new System.Text.Json.Nodes.JsonObject { ["attributes_source"] = source, ["subsample_size"] = size }),
        };
    }
}
