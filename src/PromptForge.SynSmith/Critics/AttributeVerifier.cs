using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge.SynSmith;

/// <summary>
/// Checks that each sample's text has the attribute values it was generated for. Several samples per call, each
/// call with real anchors of the requested classes and of the sibling classes; the label must read blind as the
/// requested class. Failures of auxiliary attributes (style, noise...) are complaints for the updater too
/// (reference defect 5), and a sample without a verdict is counted as not matched, never dropped.
/// </summary>
public sealed class AttributeVerifier : CriticBase
{
    /// <summary>The share of samples whose label (and requested attributes) the text shows; missing verdicts count as failures.</summary>
    public const string MatchRateMetric = "attribute_match_rate";

    /// <summary>The share of judged samples with at least one failed auxiliary (non-label) attribute.</summary>
    public const string AuxiliaryFailureRateMetric = "auxiliary_attribute_failure_rate";

    /// <summary>The number of samples the model gave no verdict for.</summary>
    public const string MissingVerdictsMetric = "attribute_verifier_missing_verdicts";

    /// <summary>With a judge jury: the jurors' agreement on each sample's blind label reading (Fleiss' kappa).</summary>
    public const string JuryKappaMetric = "attribute_verifier_jury_kappa";

    private readonly AttributeSchema _schema;
    private readonly RealExampleSet _real;
    private readonly AttributeVerifierOptions _options;

    /// <summary>Initializes a new instance of the <see cref="AttributeVerifier"/> class.</summary>
    /// <param name="schema">The attribute schema.</param>
    /// <param name="real">The real examples the anchors are drawn from.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> or <paramref name="real"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public AttributeVerifier(AttributeSchema schema, RealExampleSet real, AttributeVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(real);
        _schema = schema;
        _real = real;
        _options = OptionsValidation.ValidOrDefault(options, nameof(options));
    }

    /// <inheritdoc />
    public override string Name => SynSmithCriticNames.AttributeVerifier;

    /// <inheritdoc />
    public override IReadOnlyCollection<string> MetricNames =>
        _options.Jurors.Count > 0 ? [MatchRateMetric, AuxiliaryFailureRateMetric, MissingVerdictsMetric, JuryKappaMetric] : [MatchRateMetric, AuxiliaryFailureRateMetric, MissingVerdictsMetric];

    /// <inheritdoc />
    public override async Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Samples.Count == 0)
        {
            return NotMeasured("no samples to verify");
        }

        var batches = context.Samples.Chunk(_options.BatchSize).Select(batch => (Samples: batch, Payload: BuildPayload(batch, context.Random))).ToArray();
        var jury = _options.Jurors.Count > 0 ? new JudgeJury([.. _options.Jurors]) : null;
        var results = await CriticSupport.RunBatchesAsync(batches, batch => CallAsync(context, batch.Samples, batch.Payload, jury, cancellationToken)).ConfigureAwait(false);
        CriticSupport.LogFailedCalls(context, Name, results);
        if (results.All(r => r.Reply is null))
        {
            return Critique.CreateFailed(Name, string.Join("; ", results.Select(r => r.Error).Distinct()), MetricNames);
        }

        var verdicts = new List<SampleVerdict>();
        var entries = new List<AttributeVerificationEntry>();
        var labelFailures = new List<(Sample Sample, string? Read, string? Reason)>();
        var auxiliaryFailures = new Dictionary<string, List<(Sample Sample, string? Read, string? Reason)>>(StringComparer.Ordinal);
        int missing = 0, judged = 0, passed = 0, withAuxiliaryFailure = 0;
        foreach (var (batch, reply, error) in results)
        {
            var byRef = CriticSupport.ByRef(reply?.Verdicts, item => item.Ref);

            for (var i = 0; i < batch.Samples.Length; i++)
            {
                var sample = batch.Samples[i];
                if (!byRef.TryGetValue(CriticSupport.Ref('s', i), out var verdict))
                {
                    missing++;
                    verdicts.Add(new SampleVerdict { SampleId = sample.Id, Passed = null, Reason = error ?? "the verifier gave no verdict for this sample" });
                    continue;
                }

                judged++;
                var failed = FailedAttributes(sample, verdict);
                var labelFailed = failed.Contains(_schema.LabelAttribute);
                if (!labelFailed)
                {
                    passed++;
                }
                else
                {
                    labelFailures.Add((sample, verdict.ReadLabel, verdict.Reason));
                }

                var auxiliary = failed.Where(a => a != _schema.LabelAttribute).ToArray();
                if (auxiliary.Length > 0)
                {
                    withAuxiliaryFailure++;
                }

                foreach (var attribute in auxiliary)
                {
                    var read = verdict.ReadAttributes is not null && verdict.ReadAttributes.TryGetValue(attribute, out var r) ? r : null;
                    (auxiliaryFailures.TryGetValue(attribute, out var list) ? list : auxiliaryFailures[attribute] = []).Add((sample, read, verdict.Reason));
                }

                verdicts.Add(new SampleVerdict { SampleId = sample.Id, Passed = !labelFailed, FailedAttributes = failed, Reason = verdict.Reason, Answer = verdict.ReadLabel });
                entries.Add(new AttributeVerificationEntry(
                    sample.Id,
                    verdict.ReadLabel,
                    verdict.ReadAttributes,
                    failed,
                    VerifiedAttributes.FromVerdict(_schema, VerifiedAttributes.Declared(sample), failed, verdict.ReadLabel, verdict.ReadAttributes)));
            }
        }

        var total = context.Samples.Count;
        var complaints = new List<Complaint>();
        if (labelFailures.Count > 0)
        {
            complaints.Add(new Complaint
            {
                Code = "label_mismatch",
                Message = string.Create(CultureInfo.InvariantCulture, $"{labelFailures.Count} of {judged} samples do not read as their requested {_schema.LabelAttribute}"),
                Evidence = labelFailures.Select(f => Evidence(f.Sample, _schema.LabelAttribute, f.Read, f.Reason)).ToArray(),
                SampleIds = labelFailures.Select(f => f.Sample.Id).ToArray(),
            });
        }

        foreach (var (attribute, failures) in auxiliaryFailures.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            complaints.Add(new Complaint
            {
                Code = "auxiliary_attribute_mismatch",
                Message = string.Create(CultureInfo.InvariantCulture, $"{failures.Count} of {judged} samples do not show the requested {attribute}"),
                Evidence = failures.Select(f => Evidence(f.Sample, attribute, f.Read, f.Reason)).ToArray(),
                SampleIds = failures.Select(f => f.Sample.Id).ToArray(),
            });
        }

        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal)
        {
            [MatchRateMetric] = MetricValue.Measured(passed / (double)total, total),
            [AuxiliaryFailureRateMetric] = CriticSupport.Rate(withAuxiliaryFailure, judged, "no sample was judged"),
            [MissingVerdictsMetric] = MetricValue.Measured(missing, total),
        };
        if (jury is not null)
        {
            metrics[JuryKappaMetric] = jury.Agreement();
        }

        return new Critique
        {
            CriticName = Name,
            Metrics = metrics,
            Verdicts = verdicts,
            Complaints = complaints,
            Result = Artifact.Create(AttributeVerification.Key, new AttributeVerification(
                entries,
                [.. results.Where(r => r.Error is not null).Select(r => r.Error!)])),
        };
    }

    private string Evidence(Sample sample, string attribute, string? read, string? reason) =>
        $"{attribute}: requested {sample.RequestedAttributes.GetValueOrDefault(attribute) ?? "?"}, reads as {read ?? "?"}; text {CriticSupport.Quote(sample.Input)}"
        + (string.IsNullOrWhiteSpace(reason) ? string.Empty : "; " + reason);

    /// <summary>The requested attributes the verifier failed, plus the label when the blind reading names another class.</summary>
    private string[] FailedAttributes(Sample sample, AttributeVerdictReply verdict)
    {
        var failed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var attribute in verdict.FailedAttributes ?? [])
        {
            if (attribute is not null && _schema.Attributes.ContainsKey(attribute) && sample.RequestedAttributes.ContainsKey(attribute))
            {
                failed.Add(attribute);
            }
        }

        var requestedLabel = SynSmithData.Label(sample, _schema.LabelAttribute);
        if (!string.IsNullOrWhiteSpace(verdict.ReadLabel) && !string.Equals(verdict.ReadLabel.Trim(), requestedLabel, StringComparison.Ordinal))
        {
            failed.Add(_schema.LabelAttribute);
        }

        return [.. _schema.AttributeNames.Where(failed.Contains)];
    }

    private string BuildPayload(Sample[] batch, Random random)
    {
        var labels = batch.Select(s => SynSmithData.Label(s, _schema.LabelAttribute)).Where(_real.ByLabel.ContainsKey).Distinct(StringComparer.Ordinal).ToArray();
        var sameClass = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            sameClass[label] = [.. _real.ByLabel[label].OrderBy(_ => random.Next()).Take(_options.SameClassAnchors).Select(e => e.Text)];
        }

        var siblings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var label in _schema.Labels.Where(l => !labels.Contains(l)))
        {
            siblings[label] = [.. _real.ByLabel[label].OrderBy(_ => random.Next()).Take(_options.SiblingClassAnchors).Select(e => e.Text)];
        }

        var payload = new AttributeVerifierRequest(
            _schema.LabelAttribute,
            SynSmithData.AttributeValues(_schema),
            sameClass,
            siblings,
            [.. batch.Select((s, i) => new VerifiedSamplePayload(CriticSupport.Ref('s', i), s.Input, SynSmithData.Attributes(s.RequestedAttributes)))]);
        return JsonSerializer.Serialize(payload, SynSmithJsonContext.Default.AttributeVerifierRequest);
    }

    private async Task<AttributeVerifierReply> CallAsync(CritiqueContext context, Sample[] samples, string payload, JudgeJury? jury, CancellationToken cancellationToken)
    {
        var system = SynSmithPromptTemplates.Render(_options.Template, SynSmithData.TemplateValues(_schema));
        if (jury is null)
        {
            var response = await context.Models.GetStructuredResponseAsync(
                new ModelRequest(SynSmithRoles.AttributeVerifier, system, payload),
                SynSmithJsonContext.Default.AttributeVerifierReply,
                Validate,
                cancellationToken).ConfigureAwait(false);
            return response.Value;
        }

        var replies = await jury.AskAsync(context, SynSmithRoles.AttributeVerifier, system, payload, SynSmithJsonContext.Default.AttributeVerifierReply, Validate, cancellationToken).ConfigureAwait(false);
        var byJuror = replies.Select(reply => CriticSupport.ByRef(reply?.Verdicts, item => item.Ref)).ToArray();
        var merged = new List<AttributeVerdictReply>();
        for (var i = 0; i < samples.Length; i++)
        {
            var reference = CriticSupport.Ref('s', i);
            var votes = byJuror.Select(verdicts => verdicts.GetValueOrDefault(reference)).ToArray();
            for (var juror = 0; juror < votes.Length; juror++)
            {
                jury.Rate(samples[i].Id, juror, votes[juror] is null ? null : votes[juror]!.ReadLabel?.Trim() ?? "(none)");
            }

            var given = votes.Where(v => v is not null).Select(v => v!).ToArray();
            if (given.Length == 0)
            {
                continue;
            }

            // A majority per attribute: the label as most jurors read it, an attribute failed when most jurors fail it.
            var readLabel = JudgeJury.Plurality(given.Select(v => v.ReadLabel?.Trim()));
            var agreeing = given.Count(v => v.ReadLabel?.Trim() == readLabel);
            var failed = given.SelectMany(v => v.FailedAttributes ?? []).Where(a => a is not null).Distinct(StringComparer.Ordinal)
                .Where(a => 2 * given.Count(v => v.FailedAttributes?.Contains(a) == true) > given.Length).ToList();
            var readAttributes = given.SelectMany(v => v.ReadAttributes?.Keys ?? Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal)
                .Select(a => (Name: a, Value: JudgeJury.Plurality(given.Select(v => v.ReadAttributes?.GetValueOrDefault(a)))))
                .Where(a => a.Value is not null)
                .ToDictionary(a => a.Name, a => a.Value!, StringComparer.Ordinal);
            merged.Add(new AttributeVerdictReply
            {
                Ref = reference,
                ReadLabel = readLabel,
                ReadAttributes = readAttributes.Count > 0 ? readAttributes : null,
                FailedAttributes = failed,
                Reason = string.Create(CultureInfo.InvariantCulture, $"jury: {agreeing} of {given.Length} read {readLabel ?? "no label"}")
                    + (given.FirstOrDefault(v => v.ReadLabel?.Trim() == readLabel)?.Reason is { Length: > 0 } reason ? "; " + reason : string.Empty),
            });
        }

        return new AttributeVerifierReply { Verdicts = merged };

        static string? Validate(AttributeVerifierReply reply) => reply.Verdicts is null ? "the reply must have a \"verdicts\" array" : null;
    }
}
