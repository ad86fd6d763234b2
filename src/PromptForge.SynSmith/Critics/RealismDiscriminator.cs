using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge.SynSmith;

/// <summary>
/// Asks a judge to tell real from synthetic texts in shuffled, balanced batches (as many real as synthetic texts in
/// every call, the real ones drawn round-robin over every class), so chance is 0.5. Missing verdicts count as wrong
/// answers and are reported; a malformed reply is a recorded error, never an accuracy of 0 (reference defect 2).
/// Only synthetic samples the judge caught are passed on as artifacts; real texts it wrongly called synthetic never
/// are (reference defect 3).
/// </summary>
public sealed class RealismDiscriminator : CriticBase
{
    /// <summary>The share of judged texts (real and synthetic) classified correctly; missing verdicts count as wrong.</summary>
    public const string AccuracyMetric = "discriminator_accuracy";

    /// <summary>The share of synthetic texts the judge called synthetic.</summary>
    public const string SyntheticDetectionRateMetric = "synthetic_detection_rate";

    /// <summary>The share of real texts the judge called synthetic.</summary>
    public const string RealFlaggedRateMetric = "real_flagged_synthetic_rate";

    /// <summary>The number of texts the judge gave no verdict for.</summary>
    public const string MissingVerdictsMetric = "discriminator_missing_verdicts";

    /// <summary>With a judge jury: the jurors' agreement on each text's real-or-synthetic call (Fleiss' kappa).</summary>
    public const string JuryKappaMetric = "discriminator_jury_kappa";

    private readonly AttributeSchema _schema;
    private readonly RealExampleSet _real;
    private readonly RealismDiscriminatorOptions _options;

    /// <summary>Initializes a new instance of the <see cref="RealismDiscriminator"/> class.</summary>
    /// <param name="schema">The attribute schema.</param>
    /// <param name="real">The real examples the anchor is drawn from.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> or <paramref name="real"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public RealismDiscriminator(AttributeSchema schema, RealExampleSet real, RealismDiscriminatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(real);
        _schema = schema;
        _real = real;
        _options = OptionsValidation.ValidOrDefault(options, nameof(options));
    }

    /// <inheritdoc />
    public override string Name => SynSmithCriticNames.RealismDiscriminator;

    /// <inheritdoc />
    public override IReadOnlyCollection<string> MetricNames => _options.Jurors.Count > 0
        ? [AccuracyMetric, SyntheticDetectionRateMetric, RealFlaggedRateMetric, MissingVerdictsMetric, JuryKappaMetric]
        : [AccuracyMetric, SyntheticDetectionRateMetric, RealFlaggedRateMetric, MissingVerdictsMetric];

    /// <inheritdoc />
    public override async Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Samples.Count == 0)
        {
            return NotMeasured("no samples to judge");
        }

        var synthetic = context.Samples.Select(s => (s.Id, s.Input, (string?)SynSmithData.Label(s, _schema.LabelAttribute))).ToArray();
        var batches = RealismBatchPlanner.Plan(synthetic, _real, _options.MaxTextsPerBatch, context.Random);
        var system = SynSmithPromptTemplates.Render(_options.Template, SynSmithData.TemplateValues(_schema));
        var jury = _options.Jurors.Count > 0 ? new JudgeJury([.. _options.Jurors]) : null;
        var jurorCorrect = new int[_options.Jurors.Count];
        var results = await CriticSupport.RunBatchesAsync(batches, batch => CallAsync(context, system, batch, jury, jurorCorrect, cancellationToken)).ConfigureAwait(false);
        CriticSupport.LogFailedCalls(context, Name, results);
        if (results.All(r => r.Reply is null))
        {
            return Critique.CreateFailed(Name, string.Join("; ", results.Select(r => r.Error).Distinct()), MetricNames);
        }

        int total = 0, correct = 0, missing = 0, syntheticTotal = 0, detected = 0, realTotal = 0, realFlagged = 0;
        var verdicts = new List<SampleVerdict>();
        var artifacts = new List<(JudgedText Text, string Reason, double Confidence)>();
        var details = new JsonArray();
        foreach (var (batch, reply, error) in results)
        {
            var byRef = CriticSupport.ByRef(reply?.Verdicts, item => item.Ref);

            foreach (var item in batch)
            {
                total++;
                syntheticTotal += item.IsSynthetic ? 1 : 0;
                realTotal += item.IsSynthetic ? 0 : 1;
                var prediction = byRef.TryGetValue(item.Ref, out var verdict) ? Normalize(verdict.Prediction) : null;
                if (prediction is null)
                {
                    missing++;
                    if (item.IsSynthetic)
                    {
                        verdicts.Add(new SampleVerdict { SampleId = item.SampleId!, Passed = null, Reason = error ?? "the judge gave no verdict" });
                    }

                    continue;
                }

                var saidSynthetic = prediction == "synthetic";
                correct += saidSynthetic == item.IsSynthetic ? 1 : 0;
                details.Add(new JsonObject
                {
                    ["sample_id"] = item.SampleId,
                    ["origin"] = item.IsSynthetic ? "synthetic" : "real",
                    ["prediction"] = prediction,
                    ["confidence"] = verdict!.Confidence,
                    ["reason"] = verdict.Reason,
                });
                if (item.IsSynthetic)
                {
                    detected += saidSynthetic ? 1 : 0;
                    verdicts.Add(new SampleVerdict { SampleId = item.SampleId!, Passed = !saidSynthetic, Score = verdict.Confidence, Reason = verdict.Reason, Answer = prediction });
                    if (saidSynthetic && !string.IsNullOrWhiteSpace(verdict.Reason))
                    {
                        artifacts.Add((item, verdict.Reason!, verdict.Confidence ?? 0));
                    }
                }
                else
                {
                    realFlagged += saidSynthetic ? 1 : 0;
                }
            }
        }

        var complaints = new List<Complaint>();
        var reported = artifacts.OrderByDescending(a => a.Confidence).Take(_options.MaxArtifactsReported).ToArray();
        if (reported.Length > 0)
        {
            complaints.Add(new Complaint
            {
                Code = "realism_artifact",
                Message = string.Create(CultureInfo.InvariantCulture, $"the judge recognized {detected} of {syntheticTotal} synthetic samples as machine-written"),
                Evidence = reported.Select(a => $"{a.Reason}; text {CriticSupport.Quote(a.Text.Text)}").ToArray(),
                SampleIds = reported.Select(a => a.Text.SampleId!).ToArray(),
            });
        }

        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal)
        {
            // With a jury, the accuracy is the mean of the jurors' own accuracies (each over every text, a missing verdict
            // counting as wrong); the verdicts, rates and artifacts follow the jury's majority call per text.
            [AccuracyMetric] = MetricValue.Measured(jury is null ? correct / (double)total : jurorCorrect.Average(c => c / (double)total), total),
            [SyntheticDetectionRateMetric] = CriticSupport.Rate(detected, syntheticTotal, "no synthetic text was judged"),
            [RealFlaggedRateMetric] = CriticSupport.Rate(realFlagged, realTotal, "no real text was judged"),
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
            Details = CriticSupport.Details(new JsonObject
            {
                ["batches"] = results.Length,
                ["real_texts"] = realTotal,
                ["synthetic_texts"] = syntheticTotal,
                ["classes_in_anchor"] = SynSmithData.Strings(results.SelectMany(r => r.Batch).Where(t => !t.IsSynthetic && t.Label is not null).Select(t => t.Label!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
                ["verdicts"] = details,
                ["failed_batches"] = SynSmithData.Strings(results.Where(r => r.Error is not null).Select(r => r.Error!)),
            }),
        };
    }

    private static string? Normalize(string? prediction) => prediction?.Trim().ToLowerInvariant() switch
    {
        "real" or "human" => "real",
        "synthetic" or "fake" or "generated" or "llm" => "synthetic",
        _ => null,
    };

    private static async Task<RealismDiscriminatorReply> CallAsync(
        CritiqueContext context, string system, IReadOnlyList<JudgedText> batch, JudgeJury? jury, int[] jurorCorrect, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(new RealismDiscriminatorRequest([.. batch.Select(t => new JudgedTextPayload(t.Ref, t.Text))]), SynSmithJsonContext.Default.RealismDiscriminatorRequest);
        if (jury is null)
        {
            var response = await context.Models.GetStructuredResponseAsync(
                new ModelRequest(SynSmithRoles.RealismDiscriminator, system, payload),
                SynSmithJsonContext.Default.RealismDiscriminatorReply,
                Validate,
                cancellationToken).ConfigureAwait(false);
            return response.Value;
        }

        var replies = await jury.AskAsync(context, SynSmithRoles.RealismDiscriminator, system, payload, SynSmithJsonContext.Default.RealismDiscriminatorReply, Validate, cancellationToken).ConfigureAwait(false);
        var byJuror = replies.Select(reply => CriticSupport.ByRef(reply?.Verdicts, item => item.Ref)).ToArray();
        var merged = new List<RealismVerdictReply>();
        foreach (var item in batch)
        {
            var votes = byJuror.Select(verdicts => verdicts.GetValueOrDefault(item.Ref)).ToArray();
            var predictions = votes.Select(v => Normalize(v?.Prediction)).ToArray();
            for (var juror = 0; juror < predictions.Length; juror++)
            {
                jury.Rate(item.Ref + "|" + item.Text, juror, predictions[juror]);
                if (predictions[juror] is { } said && (said == "synthetic") == item.IsSynthetic)
                {
                    Interlocked.Increment(ref jurorCorrect[juror]);
                }
            }

            var majority = JudgeJury.Plurality(predictions);
            if (majority is null)
            {
                continue;
            }

            var agreeing = Enumerable.Range(0, votes.Length).Where(j => predictions[j] == majority).ToArray();
            merged.Add(new RealismVerdictReply
            {
                Ref = item.Ref,
                Prediction = majority,
                Confidence = agreeing.Length / (double)predictions.Count(p => p is not null),
                Reason = votes[agreeing[0]]!.Reason,
            });
        }

        return new RealismDiscriminatorReply { Verdicts = merged };

        static string? Validate(RealismDiscriminatorReply reply) => reply.Verdicts is null ? "the reply must have a \"verdicts\" array" : null;
    }
}
