using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge.SynSmith;

/// <summary>
/// PacGAN analog: shows a judge a pack of real texts and a pack of synthetic ones and asks which pack is the
/// model's and what only that pack shares. Batch-level homogeneity shows here even when single texts look real.
/// Several comparisons share one call; a missing answer counts as wrong and is reported.
/// </summary>
public sealed class PackDiscriminator : CriticBase
{
    /// <summary>The share of comparisons in which the judge picked the synthetic pack; missing answers count as wrong.</summary>
    public const string AccuracyMetric = "pack_accuracy";

    /// <summary>The number of comparisons the judge gave no answer for.</summary>
    public const string MissingVerdictsMetric = "pack_missing_verdicts";

    /// <summary>With a judge jury: the jurors' agreement on which pack is synthetic (Fleiss' kappa).</summary>
    public const string JuryKappaMetric = "pack_jury_kappa";

    private readonly AttributeSchema _schema;
    private readonly RealExampleSet _real;
    private readonly PackDiscriminatorOptions _options;

    /// <summary>Initializes a new instance of the <see cref="PackDiscriminator"/> class.</summary>
    /// <param name="schema">The attribute schema.</param>
    /// <param name="real">The real examples the real packs are drawn from.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> or <paramref name="real"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public PackDiscriminator(AttributeSchema schema, RealExampleSet real, PackDiscriminatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(real);
        _schema = schema;
        _real = real;
        _options = OptionsValidation.ValidOrDefault(options, nameof(options));
    }

    /// <inheritdoc />
    public override string Name => SynSmithCriticNames.PackDiscriminator;

    /// <inheritdoc />
    public override IReadOnlyCollection<string> MetricNames =>
        _options.Jurors.Count > 0 ? [AccuracyMetric, MissingVerdictsMetric, JuryKappaMetric] : [AccuracyMetric, MissingVerdictsMetric];

    /// <inheritdoc />
    public override async Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var packSize = Math.Min(_options.PackSize, Math.Min(context.Samples.Count, _real.Count));
        if (packSize == 0)
        {
            return NotMeasured("no samples to pack");
        }

        var comparisons = new List<Comparison>(_options.Comparisons);
        for (var i = 0; i < _options.Comparisons; i++)
        {
            var synthetic = context.Samples.OrderBy(_ => context.Random.Next()).Take(packSize).ToArray();
            var real = RealismBatchPlanner.StratifiedDraw(_real, packSize, context.Random).Select(r => r.Text).ToArray();
            comparisons.Add(new Comparison(CriticSupport.Ref('c', i), synthetic, real, SyntheticIsA: context.Random.Next(2) == 0));
        }

        var system = SynSmithPromptTemplates.Render(_options.Template, SynSmithData.TemplateValues(_schema));
        var jury = _options.Jurors.Count > 0 ? new JudgeJury([.. _options.Jurors]) : null;
        var jurorCorrect = new int[_options.Jurors.Count];
        var results = await CriticSupport.RunBatchesAsync(
            comparisons.Chunk(_options.ComparisonsPerCall),
            chunk => CallAsync(context, system, chunk, jury, jurorCorrect, cancellationToken)).ConfigureAwait(false);
        CriticSupport.LogFailedCalls(context, Name, results);
        if (results.All(r => r.Reply is null))
        {
            return Critique.CreateFailed(Name, string.Join("; ", results.Select(r => r.Error).Distinct()), MetricNames);
        }

        int correct = 0, missing = 0;
        var patterns = new Dictionary<string, (int Count, List<string> SampleIds)>(StringComparer.OrdinalIgnoreCase);
        var details = new JsonArray();
        foreach (var (chunk, reply, _) in results)
        {
            var byRef = CriticSupport.ByRef(reply?.Comparisons, item => item.Ref);

            foreach (var comparison in chunk)
            {
                var pick = byRef.TryGetValue(comparison.Ref, out var answer) ? answer.SyntheticPack?.Trim().ToUpperInvariant() : null;
                if (pick is not ("A" or "B"))
                {
                    missing++;
                    continue;
                }

                var right = (pick == "A") == comparison.SyntheticIsA;
                correct += right ? 1 : 0;
                details.Add(new JsonObject { ["ref"] = comparison.Ref, ["correct"] = right, ["synthetic_ids"] = SynSmithData.Strings(comparison.Synthetic.Select(s => s.Id)), ["shared_patterns"] = SynSmithData.Strings((answer!.SharedPatterns ?? []).Where(p => p is not null)) });
                if (!right)
                {
                    continue;
                }

                foreach (var pattern in (answer.SharedPatterns ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()))
                {
                    var entry = patterns.TryGetValue(pattern, out var e) ? e : (0, []);
                    entry.SampleIds.AddRange(comparison.Synthetic.Select(s => s.Id));
                    patterns[pattern] = (entry.Count + 1, entry.SampleIds);
                }
            }
        }

        var complaints = patterns
            .OrderByDescending(p => p.Value.Count)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new Complaint
            {
                Code = "pack_pattern",
                Message = string.Create(CultureInfo.InvariantCulture, $"only the synthetic pack shares: {p.Key} (named in {p.Value.Count} of {comparisons.Count} comparisons)"),
                SampleIds = p.Value.SampleIds.Distinct(StringComparer.Ordinal).ToArray(),
            })
            .ToArray();

        return new Critique
        {
            CriticName = Name,
            Metrics = jury is null
                ? new Dictionary<string, MetricValue>(StringComparer.Ordinal)
                {
                    [AccuracyMetric] = MetricValue.Measured(correct / (double)comparisons.Count, comparisons.Count),
                    [MissingVerdictsMetric] = MetricValue.Measured(missing, comparisons.Count),
                }
                : new Dictionary<string, MetricValue>(StringComparer.Ordinal)
                {
                    // The mean of the jurors' own accuracies (a missing pick counting as wrong), as for the realism judge.
                    [AccuracyMetric] = MetricValue.Measured(jurorCorrect.Average(c => c / (double)comparisons.Count), comparisons.Count),
                    [MissingVerdictsMetric] = MetricValue.Measured(missing, comparisons.Count),
                    [JuryKappaMetric] = jury.Agreement(),
                },
            Complaints = complaints,
            Details = CriticSupport.Details(new JsonObject
            {
                ["pack_size"] = packSize,
                ["comparisons"] = details,
                ["failed_calls"] = SynSmithData.Strings(results.Where(r => r.Error is not null).Select(r => r.Error!)),
            }),
        };
    }

    private static async Task<PackDiscriminatorReply> CallAsync(
        CritiqueContext context, string system, Comparison[] chunk, JudgeJury? jury, int[] jurorCorrect, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(new PackDiscriminatorRequest([.. chunk.Select(c =>
        {
            List<string> synthetic = [.. c.Synthetic.Select(s => s.Input)];
            List<string> real = [.. c.Real];
            return new PackComparisonPayload(c.Ref, c.SyntheticIsA ? synthetic : real, c.SyntheticIsA ? real : synthetic);
        })]), SynSmithJsonContext.Default.PackDiscriminatorRequest);
        if (jury is null)
        {
            var response = await context.Models.GetStructuredResponseAsync(
                new ModelRequest(SynSmithRoles.PackDiscriminator, system, payload), SynSmithJsonContext.Default.PackDiscriminatorReply, Validate, cancellationToken).ConfigureAwait(false);
            return response.Value;
        }

        var replies = await jury.AskAsync(context, SynSmithRoles.PackDiscriminator, system, payload, SynSmithJsonContext.Default.PackDiscriminatorReply, Validate, cancellationToken).ConfigureAwait(false);
        var byJuror = replies.Select(reply => CriticSupport.ByRef(reply?.Comparisons, item => item.Ref)).ToArray();
        var merged = new List<PackComparisonReply>();
        foreach (var comparison in chunk)
        {
            var answers = byJuror.Select(answers => answers.GetValueOrDefault(comparison.Ref)).ToArray();
            var picks = answers.Select(a => a?.SyntheticPack?.Trim().ToUpperInvariant() is "A" or "B" ? a.SyntheticPack.Trim().ToUpperInvariant() : null).ToArray();
            for (var juror = 0; juror < picks.Length; juror++)
            {
                jury.Rate(comparison.Ref + "|" + string.Join("|", comparison.Synthetic.Select(s => s.Id)), juror, picks[juror]);
                if (picks[juror] is { } pick && (pick == "A") == comparison.SyntheticIsA)
                {
                    Interlocked.Increment(ref jurorCorrect[juror]);
                }
            }

            if (JudgeJury.Plurality(picks) is { } majority)
            {
                merged.Add(new PackComparisonReply
                {
                    Ref = comparison.Ref,
                    SyntheticPack = majority,
                    SharedPatterns = [.. answers.Where((a, j) => picks[j] == majority).SelectMany(a => a!.SharedPatterns ?? []).Distinct(StringComparer.OrdinalIgnoreCase)],
                });
            }
        }

        return new PackDiscriminatorReply { Comparisons = merged };

        static string? Validate(PackDiscriminatorReply reply) => reply.Comparisons is null ? "the reply must have a \"comparisons\" array" : null;
    }

    private sealed record Comparison(string Ref, Sample[] Synthetic, string[] Real, bool SyntheticIsA);
}
