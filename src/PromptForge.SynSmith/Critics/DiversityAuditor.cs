using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PromptForge.Evaluation;

namespace PromptForge.SynSmith;

/// <summary>
/// Measures the batch's diversity: near-duplicate rate on embeddings, Vendi score and distinct-n on equal-size
/// subsamples, per-attribute normalized entropy and coverage and pairwise combination coverage on the VERIFIED
/// generated attributes (runs after the attribute verifier). Optionally a model names missing and overrepresented
/// modes; its own near-duplicate guess is recorded in the details and never replaces the computed rate
/// (reference defect 4).
/// </summary>
public sealed class DiversityAuditor : CriticBase
{
    private readonly AttributeSchema _schema;
    private readonly DiversityAuditorOptions _options;
    private readonly bool _useModel;
    private readonly Evaluation.AttributeDomains _evaluationSchema;

    /// <summary>Initializes a new instance of the <see cref="DiversityAuditor"/> class.</summary>
    /// <param name="schema">The attribute schema.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public DiversityAuditor(AttributeSchema schema, DiversityAuditorOptions? options = null)
        : this(schema, options, useModel: (options ?? new DiversityAuditorOptions()).UseModelSummary)
    {
    }

    internal DiversityAuditor(AttributeSchema schema, DiversityAuditorOptions? options, bool useModel)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
        _options = OptionsValidation.ValidOrDefault(options, nameof(options));
        _useModel = useModel;
        _evaluationSchema = new Evaluation.AttributeDomains(schema.Attributes);
    }

    /// <inheritdoc />
    public override string Name => SynSmithCriticNames.DiversityAuditor;

    /// <summary>Gets the stage: after the attribute verifier, whose verdicts decide which attributes are verified.</summary>
    public override int Stage => 1;

    /// <inheritdoc />
    public override IReadOnlyCollection<string> MetricNames =>
    [
        DiversityMetricNames.NearDuplicateRate, DiversityMetricNames.VendiScore, DiversityMetricNames.CombinationCoverage,
        DiversityMetricNames.Distinct1, DiversityMetricNames.Distinct2, DiversityMetricNames.Distinct3,
        .. _schema.AttributeNames.SelectMany(a => new[] { DiversityMetricNames.Entropy(a), DiversityMetricNames.Coverage(a) }),
    ];

    /// <inheritdoc />
    public override async Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Samples.Count < 2)
        {
            return NotMeasured("fewer than 2 samples");
        }

        var texts = context.Samples.Select(s => s.Input).ToArray();
        var seed = context.Random.Next();
        var (rows, source) = VerifiedAttributes.Collect(context.Samples, context.PriorCritiques);
        var attributes = rows.Select(r => r.Attributes).ToArray();
        var distributions = AttributeMetrics.Distributions(attributes, _evaluationSchema);

        // The model call starts first; the embedding metrics are computed while it is in flight.
        var summary = _useModel ? SummarizeAsync(context, rows, distributions, cancellationToken) : null;
        var embeddings = await EmbeddingMatrix.GenerateAsync(context.Embeddings, texts, cancellationToken).ConfigureAwait(false);
        var duplicates = NearDuplicates.Compute(embeddings, new NearDuplicateOptions { Threshold = _options.NearDuplicateThreshold, Seed = seed }, cancellationToken);
        var combinations = AttributeMetrics.CombinationCoverage(attributes, _evaluationSchema, (a, b) =>
            !_schema.IsForbidden(new Dictionary<string, string>(StringComparer.Ordinal) { [a.Attribute] = a.Value, [b.Attribute] = b.Value }));

        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal)
        {
            [DiversityMetricNames.NearDuplicateRate] = duplicates.Rate,
            [DiversityMetricNames.VendiScore] = VendiScore.Compute(embeddings, _options.ComparisonSubsampleSize, seed, cancellationToken),
            [DiversityMetricNames.CombinationCoverage] = combinations.Coverage,
            [DiversityMetricNames.Distinct1] = LexicalMetrics.DistinctN(texts, 1, _options.ComparisonSubsampleSize, seed),
            [DiversityMetricNames.Distinct2] = LexicalMetrics.DistinctN(texts, 2, _options.ComparisonSubsampleSize, seed),
            [DiversityMetricNames.Distinct3] = LexicalMetrics.DistinctN(texts, 3, _options.ComparisonSubsampleSize, seed),
        };
        foreach (var distribution in distributions)
        {
            metrics[DiversityMetricNames.Entropy(distribution.Attribute)] = distribution.NormalizedEntropy;
            metrics[DiversityMetricNames.Coverage(distribution.Attribute)] = distribution.Coverage;
        }

        var complaints = new List<Complaint>();
        if (duplicates.Pairs.Count > 0)
        {
            complaints.Add(new Complaint
            {
                Code = "near_duplicates",
                Message = string.Create(CultureInfo.InvariantCulture, $"{duplicates.DuplicateIndices.Count} of {texts.Length} samples are near-duplicates (cosine >= {_options.NearDuplicateThreshold:0.##})"),
                Evidence = duplicates.Pairs.Take(3).Select(p => $"{CriticSupport.Quote(texts[p.First])} ~ {CriticSupport.Quote(texts[p.Second])}").ToArray(),
                SampleIds = duplicates.DuplicateIndices.Select(i => context.Samples[i].Id).ToArray(),
            });
        }

        foreach (var distribution in distributions.Where(d => d.MissingValues.Count > 0 && rows.Count > 0))
        {
            complaints.Add(new Complaint
            {
                Code = "missing_attribute_values",
                Message = $"no verified sample has {distribution.Attribute} = {string.Join(" / ", distribution.MissingValues)}",
            });
        }

        var details = new JsonObject
        {
            ["attributes_source"] = source,
            ["attribute_rows"] = rows.Count,
            ["near_duplicates_approximate"] = duplicates.Approximate,
        };
        string? error = null;
        if (summary is not null)
        {
            var (reply, failure) = await summary.ConfigureAwait(false);
            error = failure;
            if (reply is not null)
            {
                complaints.AddRange(Complaints("missing_mode", "missing mode", reply.MissingModes));
                complaints.AddRange(Complaints("overrepresented_mode", "overrepresented mode", reply.OverrepresentedModes));
                complaints.AddRange(Complaints("diversity_recommendation", "recommendation", reply.Recommendations));
                details["model_summary"] = reply.Summary;

                // Recorded only to show how far a model's guess is from the measurement.
                details["model_near_duplicate_guess"] = reply.NearDuplicateRate;
            }
        }

        return new Critique
        {
            CriticName = Name,
            Error = error,
            Metrics = metrics,
            Complaints = complaints,
            Details = CriticSupport.Details(details),
        };
    }

    private static IEnumerable<Complaint> Complaints(string code, string label, IEnumerable<string>? items) =>
        (items ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Take(8).Select(i => new Complaint { Code = code, Message = label + ": " + i.Trim() });

    private async Task<(DiversityAuditReply? Reply, string? Error)> SummarizeAsync(
        CritiqueContext context,
        IReadOnlyList<(Sample Sample, IReadOnlyDictionary<string, string> Attributes)> rows,
        IReadOnlyList<AttributeDistribution> distributions,
        CancellationToken cancellationToken)
    {
        try
        {
            return (await CallAsync(context, rows, distributions, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (!CriticSupport.IsFatal(ex))
        {
            return (null, CriticSupport.Describe(ex));
        }
    }

    private async Task<DiversityAuditReply> CallAsync(
        CritiqueContext context,
        IReadOnlyList<(Sample Sample, IReadOnlyDictionary<string, string> Attributes)> rows,
        IReadOnlyList<AttributeDistribution> distributions,
        CancellationToken cancellationToken)
    {
        var coverage = new Dictionary<string, AttributeCoveragePayload>(StringComparer.Ordinal);
        foreach (var distribution in distributions)
        {
            coverage[distribution.Attribute] = new AttributeCoveragePayload(distribution.Coverage.ToString(), [.. distribution.MissingValues]);
        }

        var payload = new DiversityAuditorRequest(
            SynSmithData.AttributeValues(_schema),
            coverage,
            [.. context.Samples.Select(s => new AuditedSamplePayload(s.Input, SynSmithData.Attributes(rows.FirstOrDefault(r => r.Sample.Id == s.Id).Attributes ?? s.RequestedAttributes)))]);
        var system = SynSmithPromptTemplates.Render(_options.Template, SynSmithData.TemplateValues(_schema));
        var user = JsonSerializer.Serialize(payload, SynSmithJsonContext.Default.DiversityAuditorRequest);
        if (_options.Jurors.Count == 0)
        {
            var response = await context.Models.GetStructuredResponseAsync(
                new ModelRequest(SynSmithRoles.DiversityAuditor, system, user), SynSmithJsonContext.Default.DiversityAuditReply, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value;
        }

        // A jury's summary: every juror's modes and recommendations, merged without repeats (free-form lists have no
        // per-item verdict to vote on); the model's own numbers are never metrics either way.
        var replies = (await new JudgeJury([.. _options.Jurors]).AskAsync(context, SynSmithRoles.DiversityAuditor, system, user, SynSmithJsonContext.Default.DiversityAuditReply, _ => null, cancellationToken).ConfigureAwait(false))
            .Select((reply, j) => (Reply: reply, Juror: _options.Jurors[j]))
            .Where(r => r.Reply is not null)
            .ToArray();
        return new DiversityAuditReply
        {
            Summary = string.Join(" | ", replies.Where(r => !string.IsNullOrWhiteSpace(r.Reply!.Summary)).Select(r => $"{r.Juror}: {r.Reply!.Summary}")),
            MissingModes = Merge(r => r.MissingModes),
            OverrepresentedModes = Merge(r => r.OverrepresentedModes),
            Recommendations = Merge(r => r.Recommendations),
        };

        List<string> Merge(Func<DiversityAuditReply, List<string>?> list) =>
            [.. replies.SelectMany(r => list(r.Reply!) ?? []).Where(m => !string.IsNullOrWhiteSpace(m)).DistinctBy(m => m.Trim().ToLowerInvariant())];
    }
}
