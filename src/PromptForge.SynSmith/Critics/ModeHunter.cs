using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge.SynSmith;

/// <summary>
/// Hunts the generator's verbal tics. A model proposes literal phrases after seeing the synthetic batch and real
/// texts of EVERY class (reference defect 11: the reference showed the first 20 rows, one class of a sorted file);
/// each phrase is then checked by counting: at least <see cref="ModeHunterOptions.MinRepeats"/> synthetic texts,
/// no real text, and not ordinary domain vocabulary. Accepted phrases join a ban list kept in the loop state for
/// the whole run (never truncated) and shown to the generator and the updater.
/// </summary>
public sealed class ModeHunter : CriticBase
{
    /// <summary>The number of this iteration's samples that use a phrasing banned in an earlier iteration.</summary>
    public const string BannedPhrasingCountMetric = "banned_phrasing_count";

    /// <summary>The size of the ban list after this iteration.</summary>
    public const string LibrarySizeMetric = "mode_hunter_library_size";

    /// <summary>The number of phrases banned in this iteration.</summary>
    public const string NewBansMetric = "mode_hunter_new_bans";

    /// <summary>With a judge jury: the jurors' agreement on naming each phrase any of them named (Fleiss' kappa).</summary>
    public const string JuryKappaMetric = "mode_hunter_jury_kappa";

    private readonly AttributeSchema _schema;
    private readonly RealExampleSet _real;
    private readonly ModeHunterOptions _options;
    private readonly string[] _normalizedReal;
    private readonly HashSet<string> _domainVocabulary;

    /// <summary>Initializes a new instance of the <see cref="ModeHunter"/> class.</summary>
    /// <param name="schema">The attribute schema.</param>
    /// <param name="real">The real examples phrases are checked against.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> or <paramref name="real"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public ModeHunter(AttributeSchema schema, RealExampleSet real, ModeHunterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(real);
        _schema = schema;
        _real = real;
        _options = OptionsValidation.ValidOrDefault(options, nameof(options));
        _normalizedReal = real.Select(r => PhraseCounter.Normalize(r.Text)).ToArray();

        // Words used by at least two real texts are the domain's own vocabulary.
        _domainVocabulary = _normalizedReal
            .SelectMany(t => Words(t).Distinct(StringComparer.Ordinal))
            .GroupBy(w => w, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public override string Name => SynSmithCriticNames.ModeHunter;

    /// <inheritdoc />
    public override IReadOnlyCollection<string> MetricNames =>
        _options.Jurors.Count > 0 ? [BannedPhrasingCountMetric, LibrarySizeMetric, NewBansMetric, JuryKappaMetric] : [BannedPhrasingCountMetric, LibrarySizeMetric, NewBansMetric];

    /// <summary>Checks one proposed phrase by counting; returns why it is rejected, or <see langword="null"/> when it is banned.</summary>
    /// <param name="phrase">The proposed phrase.</param>
    /// <param name="syntheticTexts">The synthetic texts of the batch.</param>
    /// <returns>The rejection reason, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public string? CheckPhrase(string phrase, IEnumerable<string> syntheticTexts)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        ArgumentNullException.ThrowIfNull(syntheticTexts);
        var normalized = PhraseCounter.Normalize(phrase);
        if (normalized.Length < 3)
        {
            return "too short to be a phrasing";
        }

        var syntheticCount = PhraseCounter.CountTextsContaining(syntheticTexts.Select(PhraseCounter.Normalize), normalized);
        if (syntheticCount < _options.MinRepeats)
        {
            return string.Create(CultureInfo.InvariantCulture, $"found in {syntheticCount} synthetic texts, fewer than {_options.MinRepeats}");
        }

        var realCount = PhraseCounter.CountTextsContaining(_normalizedReal, normalized);
        if (realCount > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"real people write it too ({realCount} real texts)");
        }

        var words = Words(normalized).ToArray();
        return words.Length <= 2 && words.All(_domainVocabulary.Contains) ? "ordinary domain vocabulary" : null;
    }

    /// <inheritdoc />
    public override async Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Samples.Count == 0)
        {
            return NotMeasured("no samples to hunt in");
        }

        var banList = BanList.Load(context.State);
        var texts = context.Samples.Select(s => s.Input).ToArray();
        var normalized = texts.Select(PhraseCounter.Normalize).ToArray();
        var earlierBans = banList.Phrases.Select(p => PhraseCounter.Normalize(p.Phrase)).ToArray();
        var usingBanned = context.Samples.Where((_, i) => earlierBans.Any(b => normalized[i].Contains(b, StringComparison.Ordinal))).ToArray();

        string? error = null;
        var jury = _options.Jurors.Count > 0 ? new JudgeJury([.. _options.Jurors]) : null;
        var findings = new JsonArray();
        var newBans = new List<BannedPhrase>();
        try
        {
            var reply = await CallAsync(context, texts, jury, cancellationToken).ConfigureAwait(false);
            foreach (var finding in (reply.Findings ?? []).Where(f => !string.IsNullOrWhiteSpace(f?.Phrase)).Take(_options.MaxFindingsPerIteration))
            {
                var phrase = finding.Phrase!.Trim();
                var key = PhraseCounter.Normalize(phrase);
                var rejection = earlierBans.Contains(key, StringComparer.Ordinal) || newBans.Any(b => PhraseCounter.Normalize(b.Phrase) == key)
                    ? "already banned"
                    : CheckPhrase(phrase, texts);
                findings.Add(new JsonObject { ["phrase"] = phrase, ["kind"] = finding.Kind, ["accepted"] = rejection is null, ["reason"] = rejection ?? finding.Reason });
                if (rejection is null)
                {
                    newBans.Add(new BannedPhrase
                    {
                        Phrase = phrase,
                        Iteration = context.Iteration,
                        Kind = finding.Kind,
                        SyntheticCount = PhraseCounter.CountTextsContaining(normalized, key),
                    });
                }
            }
        }
        catch (Exception ex) when (!CriticSupport.IsFatal(ex))
        {
            // The counting above still holds; only this iteration's new proposals are lost.
            error = CriticSupport.Describe(ex);
        }

        if (newBans.Count > 0)
        {
            banList.Phrases.AddRange(newBans);
            SynSmithLog.PhrasingsBanned(context.LoggerFactory.CreateLogger(SynSmithLog.Category), context.Iteration, newBans.Count, banList.Phrases.Count);
        }

        var complaints = new List<Complaint>();
        foreach (var banned in banList.Phrases)
        {
            var key = PhraseCounter.Normalize(banned.Phrase);
            var users = context.Samples.Where((_, i) => normalized[i].Contains(key, StringComparison.Ordinal)).ToArray();
            if (users.Length == 0)
            {
                continue;
            }

            complaints.Add(new Complaint
            {
                Code = "banned_phrasing",
                Message = string.Create(CultureInfo.InvariantCulture, $"{users.Length} samples use the phrasing {CriticSupport.Quote(banned.Phrase)}, which real texts never use (banned since iteration {banned.Iteration})"),
                Evidence = users.Take(3).Select(s => CriticSupport.Quote(s.Input)).ToArray(),
                SampleIds = users.Select(s => s.Id).ToArray(),
            });
        }

        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal)
        {
            [BannedPhrasingCountMetric] = MetricValue.Measured(usingBanned.Length, context.Samples.Count),
            [LibrarySizeMetric] = MetricValue.Measured(banList.Phrases.Count),
            [NewBansMetric] = error is null ? MetricValue.Measured(newBans.Count) : MetricValue.NotMeasured("the mode hunter's model call failed: " + error),
        };
        if (jury is not null)
        {
            metrics[JuryKappaMetric] = error is null ? jury.Agreement() : MetricValue.NotMeasured("the mode hunter's model call failed: " + error);
        }

        return new Critique
        {
            CriticName = Name,
            Error = error,
            Metrics = metrics,
            Complaints = complaints,
            StateUpdates = newBans.Count > 0 ? [Artifact.Create(BanList.Key, banList)] : [],
            Details = CriticSupport.Details(new JsonObject
            {
                ["findings"] = findings,
                ["ban_list"] = SynSmithData.Strings(banList.Phrases.Select(p => p.Phrase)),
            }),
        };
    }

    private static IEnumerable<string> Words(string normalized) =>
        normalized.Split([' ', ',', '.', '!', '?', ';', ':', '"', '\''], StringSplitOptions.RemoveEmptyEntries);

    private async Task<ModeHunterReply> CallAsync(CritiqueContext context, string[] texts, JudgeJury? jury, CancellationToken cancellationToken)
    {
        var real = RealismBatchPlanner.StratifiedDraw(_real, _options.RealTextsShown, context.Random);
        var payload = JsonSerializer.Serialize(new ModeHunterRequest([.. texts], [.. real.Select(r => new LabeledTextPayload(r.Label, r.Text))]), SynSmithJsonContext.Default.ModeHunterRequest);
        var values = SynSmithData.TemplateValues(_schema);
        values["max_findings"] = _options.MaxFindingsPerIteration.ToString(CultureInfo.InvariantCulture);
        var system = SynSmithPromptTemplates.Render(_options.Template, values);
        if (jury is null)
        {
            var response = await context.Models.GetStructuredResponseAsync(
                new ModelRequest(SynSmithRoles.ModeHunter, system, payload), SynSmithJsonContext.Default.ModeHunterReply, Validate, cancellationToken).ConfigureAwait(false);
            return response.Value;
        }

        // A phrase is a finding of the jury when most jurors that answered name it (compared normalized); each phrase any
        // juror named is an item every juror rated "named" or "not named", for the agreement figure.
        var replies = await jury.AskAsync(context, SynSmithRoles.ModeHunter, system, payload, SynSmithJsonContext.Default.ModeHunterReply, Validate, cancellationToken).ConfigureAwait(false);
        var named = replies
            .Select(r => (r?.Findings ?? []).Where(f => !string.IsNullOrWhiteSpace(f.Phrase)).GroupBy(f => PhraseCounter.Normalize(f.Phrase!), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal))
            .ToArray();
        var answered = Enumerable.Range(0, replies.Length).Where(j => replies[j] is not null).ToArray();
        var findings = new List<ModeHunterFindingReply>();
        foreach (var phrase in named.SelectMany(n => n.Keys).Distinct(StringComparer.Ordinal))
        {
            for (var j = 0; j < replies.Length; j++)
            {
                jury.Rate(phrase, j, replies[j] is null ? null : named[j].ContainsKey(phrase) ? "named" : "not named");
            }

            if (2 * answered.Count(j => named[j].ContainsKey(phrase)) > answered.Length)
            {
                findings.Add(named[answered.First(j => named[j].ContainsKey(phrase))][phrase]);
            }
        }

        return new ModeHunterReply { Findings = findings };

        static string? Validate(ModeHunterReply reply) => reply.Findings is null ? "the reply must have a \"findings\" array" : null;
    }
}
