using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace PromptForge.Sipdo;

/// <summary>
/// SIPDO's data generator: label first, then an input at difficulty c of n with the history of earlier items;
/// rejects exact and near duplicates, runs deterministic validators and k verifier votes; a slot that fails
/// <see cref="SipdoOptions.MaxGenerationAttempts"/> times is recorded as a skipped level.
/// </summary>
internal sealed partial class SipdoGenerator : IGenerator, IModelRoleConsumer
{
    private const int ExemplarCount = 2;

    private readonly TaskDefinition _task;
    private readonly SipdoOptions _options;
    private readonly IReadOnlyDictionary<string, double> _realShares;
    private readonly IReadOnlyList<string>? _labelSpace;
    private readonly Dictionary<string, string> _labelSpelling;

    // The run's task verdicts: a candidate the current prompt answered here is not answered again by the critic.
    private readonly TaskVerdictMemo? _verdicts;

    public SipdoGenerator(TaskDefinition task, SipdoOptions options, TaskVerdictMemo? verdicts = null)
    {
        _task = task;
        _options = options;
        _verdicts = verdicts;
        _realShares = task.LabelDistribution();
        _labelSpace = task.LabelSpace?.Select(task.AnswerFormat.Normalize).Distinct(StringComparer.Ordinal).ToArray();

        // Show labels to the generator spelled as the real examples spell them ("(A)", "Yes").
        _labelSpelling = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var example in task.Examples)
        {
            _labelSpelling.TryAdd(task.AnswerFormat.Normalize(example.Target), example.Target);
        }

        foreach (var label in task.LabelSpace ?? [])
        {
            _labelSpelling.TryAdd(task.AnswerFormat.Normalize(label), label);
        }
    }

    public IReadOnlyCollection<ModelRoleKind> RequiredRoleKinds =>
    [
        ModelRoleKind.Generator,
        .. _options.VerifierVotes > 0 ? [ModelRoleKind.Critic] : Array.Empty<ModelRoleKind>(),
        .. _options.Candidates > 1 ? [ModelRoleKind.Task] : Array.Empty<ModelRoleKind>(),
    ];

    public async Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.LoggerFactory.CreateLogger<SipdoGenerator>();
        if (context.Phase == IterationPhase.Selection)
        {
            return new GenerationResult { Samples = [], Note = "p* selection round: every kept prompt version is re-scored on all synthetic items" };
        }

        int? level = _options.UseDifficultyGradient ? context.Level?.Level : null;
        int? maxLevel = _options.UseDifficultyGradient ? context.Level?.MaxLevel ?? _options.Levels : null;
        var state = context.State.TryGetValue(SipdoKeys.GeneratorState, out var saved) ? saved.Copy() : new SipdoGeneratorState();
        var exemplars = PickExemplars(context.Random);
        var kept = context.State.AllSamples.Where(s => s.Provenance.Origin == SampleOrigin.Synthetic).ToList();
        var keptEmbeddings = await EmbedAsync(context, kept.Select(s => s.Input), cancellationToken).ConfigureAwait(false);
        var accepted = new List<Sample>();
        var rejected = new List<Sample>();
        var rejections = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var requestedLabels = new List<string>();
        var candidates = new List<GenerationCandidate>();
        var weaknesses = SipdoWeaknesses.Payload(context.State);
        var summarized = false;
        var skipped = 0;
        var index = 0;
        for (var slot = 0; slot < context.SampleCount; slot++)
        {
            var labels = CandidateLabels(state, context.Random);
            requestedLabels.AddRange(labels.OfType<string>());
            Sample? keptSample = null;
            for (var attempt = 1; attempt <= _options.MaxGenerationAttempts && keptSample is null; attempt++)
            {
                var (history, didSummarize) = await HistoryAsync(context, state, kept, cancellationToken).ConfigureAwait(false);
                summarized |= didSummarize;
                var drafts = new List<Draft>(labels.Count);
                // The candidates are independent draws: written together (the gateway limits concurrency), checked in order.
                var writes = await Task.WhenAll(labels.Select((label, j) =>
                    WriteAsync(context, exemplars, history, weaknesses, label, level, maxLevel, attempt, labels.Count > 1 ? j : null, cancellationToken))).ConfigureAwait(false);
                for (var j = 0; j < labels.Count; j++)
                {
                    var id = SampleIds.Create(context.Iteration, index++);
                    var (candidate, rationale, problem) = writes[j];
                    var sample = ToSample(id, context, candidate, labels[j], level, attempt, rationale, problem);
                    float[]? embedding = null;
                    if (candidate is not null && problem is null)
                    {
                        (problem, embedding) = await CheckAsync(context, candidate, sample, labels[j], kept, keptEmbeddings, cancellationToken).ConfigureAwait(false);
                        if (problem is not null)
                        {
                            sample = ToSample(id, context, candidate, labels[j], level, attempt, rationale, problem);
                        }
                    }

                    drafts.Add(new Draft(sample, labels[j], candidate, rationale, embedding, problem));
                }

                await ScoreAsync(context, drafts, state, cancellationToken).ConfigureAwait(false);
                foreach (var draft in AdversarialSelection.Order(drafts.Select(d => d.Score ?? double.NegativeInfinity).ToArray()).Select(i => drafts[i]))
                {
                    if (keptSample is null && draft.Problem is null)
                    {
                        draft.Problem = await VerifyAsync(context, draft.Candidate!, draft.Sample.Id, cancellationToken).ConfigureAwait(false);
                        if (draft.Problem is null)
                        {
                            keptSample = draft.Sample;
                            kept.Add(draft.Sample);
                            keptEmbeddings.Add(draft.Embedding!);
                            continue;
                        }

                        draft.Sample = ToSample(draft.Sample.Id, context, draft.Candidate, draft.Label, level, attempt, draft.Rationale, draft.Problem);
                    }

                    if (draft.Problem is { } problem)
                    {
                        var reasonCode = problem.Split(':', 2)[0];
                        rejections[reasonCode] = rejections.GetValueOrDefault(reasonCode) + 1;
                        rejected.Add(draft.Sample);
                        LogRejected(logger, context.Iteration, attempt, problem);
                    }
                }

                candidates.AddRange(drafts.Select(d => new GenerationCandidate(
                    d.Sample.Id, slot, attempt, d.Label, d.CurrentPromptFailed, d.DeltaDivergence, d.Score, ReferenceEquals(d.Sample, keptSample), d.Problem)));
            }

            if (keptSample is null)
            {
                skipped++;
                continue;
            }

            accepted.Add(keptSample);
            var drawn = _task.AnswerFormat.Normalize(keptSample.Expected!);
            state.LabelCounts[drawn] = state.LabelCounts.GetValueOrDefault(drawn) + 1;
        }

        var details = new GenerationDetails(
            level,
            requestedLabels,
            rejections,
            _labelSpace is { Count: > 0 } labelSpace ? LabelFirstSampler.Divergence(labelSpace, _realShares, state.LabelCounts) : null,
            summarized,
            _options.Lambda,
            _options.Candidates,
            candidates);
        return new GenerationResult
        {
            Samples = accepted,
            Rejected = rejected,
            LevelSkipped = skipped > 0,
            Note = skipped > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{skipped} of {context.SampleCount} item(s) failed {_options.MaxGenerationAttempts} attempts; level {level?.ToString(CultureInfo.InvariantCulture) ?? "-"} recorded as skipped")
                : null,
            Details = JsonSerializer.SerializeToElement(details, SipdoJsonContext.Default.GenerationDetails),
            StateUpdates = [Artifact.Create(SipdoKeys.GeneratorState, state)],
        };
    }

    /// <summary>
    /// The labels of one slot's candidates: the first is the label that keeps the synthetic shares closest to the real
    /// ones (label first, as the paper); the others are drawn from the real shares, so selection can trade KL for loss.
    /// </summary>
    private List<string?> CandidateLabels(SipdoGeneratorState state, Random random)
    {
        if (_labelSpace is not { Count: > 0 } space)
        {
            return [.. Enumerable.Repeat<string?>(null, _options.Candidates)];
        }

        var labels = new List<string?> { LabelFirstSampler.Next(space, _realShares, state.LabelCounts, random) };
        for (var j = 1; j < _options.Candidates; j++)
        {
            labels.Add(LabelFirstSampler.SampleReal(space, _realShares, random));
        }

        return labels;
    }

    /// <summary>
    /// Adversarial selection: with more than one candidate, the current prompt answers every candidate that passed the
    /// checks (the loss term); every candidate gets its ΔKL. One candidate costs no extra task call.
    /// </summary>
    private async Task ScoreAsync(GenerationContext context, List<Draft> drafts, SipdoGeneratorState state, CancellationToken cancellationToken)
    {
        var valid = drafts.Where(d => d.Problem is null).ToList();
        if (valid.Count > 0 && drafts.Count > 1)
        {
            var items = valid.Select(d => GradedItem.FromSample(d.Sample)).OfType<GradedItem>().ToList();
            var results = _verdicts is null
                ? await TaskRunner.RunAsync(context.Models, _task, context.Prompt.Text, items, temperature: null, cancellationToken).ConfigureAwait(false)
                : await _verdicts.RunAsync(context.State, context.Models, context.Prompt.Text, items, cancellationToken).ConfigureAwait(false);
            var failed = results.ToDictionary(r => r.SampleId, r => !r.Correct, StringComparer.Ordinal);
            foreach (var draft in valid)
            {
                draft.CurrentPromptFailed = failed.TryGetValue(draft.Sample.Id, out var f) ? f : null;
            }
        }

        foreach (var draft in drafts)
        {
            var label = draft.Label ?? (draft.Candidate is { } c ? _task.AnswerFormat.Normalize(c.Answer) : null);
            draft.DeltaDivergence = AdversarialSelection.DeltaDivergence(_labelSpace, _realShares, state.LabelCounts, label);
            draft.Score = draft.Problem is null ? AdversarialSelection.Score(_options.Lambda, draft.CurrentPromptFailed, draft.DeltaDivergence) : null;
        }
    }

    private ExamplePayload[] PickExemplars(Random random)
    {
        var pool = _task.Examples.ToArray();
        random.Shuffle(pool);
        return pool.Take(ExemplarCount).Select(e => new ExamplePayload(e.Input, e.Target)).ToArray();
    }

    private async Task<(SyntheticCandidate? Candidate, string? Rationale, string? Problem)> WriteAsync(
        GenerationContext context,
        ExamplePayload[] exemplars,
        string history,
        string weaknesses,
        string? label,
        int? level,
        int? maxLevel,
        int attempt,
        int? candidate,
        CancellationToken cancellationToken)
    {
        var templates = _options.Templates;
        var difficulty = level is { } c && maxLevel is { } n
            ? PromptTemplate.RenderRequest(templates.DifficultyInstruction, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["level"] = c.ToString(CultureInfo.InvariantCulture),
                ["max_level"] = n.ToString(CultureInfo.InvariantCulture),
            })
            : templates.UngradedInstruction;
        var labelInstruction = label is null
            ? templates.OpenLabelInstruction
            : PromptTemplate.RenderRequest(templates.LabelInstruction, new Dictionary<string, string>(StringComparer.Ordinal) { ["label"] = Json(Spell(label)) });
        var user = PromptTemplate.RenderRequest(templates.Generator, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["task_name"] = Json(_task.Name),
            ["task_description"] = Json(_task.Description),
            ["examples"] = JsonSerializer.Serialize(exemplars, SipdoJsonContext.Default.ExamplePayloadArray),
            ["prompt"] = Json(context.Prompt.Text),
            ["weaknesses"] = weaknesses,
            ["history"] = history,
            ["difficulty_instruction"] = difficulty.TrimEnd(),
            ["label_instruction"] = labelInstruction.TrimEnd(),
        });
        var request = new ModelRequest(SipdoRoles.Generator, null, user)
        {
            // Candidates of one slot are independent draws; the attempt stays last (scripted clients read it).
            CacheDiscriminator = candidate is { } j
                ? string.Create(CultureInfo.InvariantCulture, $"candidate-{j}-attempt-{attempt}")
                : string.Create(CultureInfo.InvariantCulture, $"attempt-{attempt}"),
        };
        try
        {
            var response = await context.Models.GetStructuredResponseAsync(
                request,
                SipdoJsonContext.Default.GeneratedSampleOutput,
                output => string.IsNullOrWhiteSpace(output.Input) ? "\"input\" must be a non-empty string"
                    : string.IsNullOrWhiteSpace(output.Answer) ? "\"answer\" must be a non-empty string"
                    : null,
                cancellationToken).ConfigureAwait(false);
            var value = response.Value;
            var choices = value.Choices is { Count: > 0 } list ? list.Where(c => !string.IsNullOrWhiteSpace(c)).ToArray() : null;
            return (new SyntheticCandidate(value.Input.Trim(), value.Answer.Trim(), choices, level), value.Rationale, null);
        }
        catch (Exception ex) when (ModelFailureClassifier.IsContentFailure(ex))
        {
            return (null, null, ex is StructuredOutputException malformed ? $"malformed_output: {malformed.Error}" : $"refused: {ex.Message}");
        }
    }

    /// <summary>Label match, exact and near duplicates, deterministic validators (they see <paramref name="sample"/>, the sample as it would be kept).</summary>
    private async Task<(string? Problem, float[]? Embedding)> CheckAsync(
        GenerationContext context,
        SyntheticCandidate candidate,
        Sample sample,
        string? label,
        IReadOnlyList<Sample> kept,
        IReadOnlyList<float[]> keptEmbeddings,
        CancellationToken cancellationToken)
    {
        var format = _task.AnswerFormat;
        var extraction = format.Extract(candidate.Answer, candidate.Choices);
        if (!extraction.IsSuccess)
        {
            return ($"unreadable_label: the answer \"{candidate.Answer}\" is not a {format.Name} answer ({extraction.FailureReason})", null);
        }

        if (label is not null && !string.Equals(extraction.Answer, label, StringComparison.Ordinal))
        {
            return ($"label_mismatch: asked for \"{Spell(label)}\", got \"{candidate.Answer}\"", null);
        }

        var key = TextNormalization.Key(candidate.Input);
        if (kept.FirstOrDefault(s => TextNormalization.Key(s.Input) == key) is { } same)
        {
            return ($"duplicate: the input repeats item {same.Id}", null);
        }

        var embedding = (await EmbedAsync(context, [candidate.Input], cancellationToken).ConfigureAwait(false))[0];
        for (var i = 0; i < keptEmbeddings.Count; i++)
        {
            var similarity = TensorPrimitives.CosineSimilarity(embedding, keptEmbeddings[i]);
            if (similarity >= _options.NearDuplicateSimilarity)
            {
                return (string.Create(CultureInfo.InvariantCulture, $"near_duplicate: cosine {similarity:0.000} with item {kept[i].Id}"), null);
            }
        }

        var validation = new SampleValidationContext(sample, candidate.Choices);
        foreach (var validator in _options.Validators)
        {
            if (validator.Validate(validation) is { } problem)
            {
                return ($"validator_{validator.Name}: {problem}", null);
            }
        }

        return (null, embedding);
    }

    /// <summary>k independent votes; the item is kept only when enough agree (all, by default).</summary>
    private async Task<string?> VerifyAsync(GenerationContext context, SyntheticCandidate candidate, string sampleId, CancellationToken cancellationToken)
    {
        if (_options.VerifierVotes == 0)
        {
            return null;
        }

        var item = JsonSerializer.Serialize(new VerificationItemPayload(candidate.Input, candidate.Answer, candidate.Choices), SipdoJsonContext.Default.VerificationItemPayload);
        var user = PromptTemplate.RenderRequest(_options.Templates.Verifier, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["task_name"] = Json(_task.Name),
            ["task_description"] = Json(_task.Description),
            ["item"] = item,
        });
        var votes = await Task.WhenAll(Enumerable.Range(1, _options.VerifierVotes).Select(vote => VoteAsync(context, user, sampleId, vote, candidate, cancellationToken))).ConfigureAwait(false);
        var agreeing = votes.Count(v => v.Agrees);
        var required = _options.RequiredAgreeingVotes ?? _options.VerifierVotes;
        return agreeing >= required
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"verifier_disagreement: {agreeing} of {votes.Length} votes agree (need {required}): {string.Join("; ", votes.Where(v => !v.Agrees).Select(v => v.Reason))}");
    }

    private Task<(bool Agrees, string Reason)> VoteAsync(GenerationContext context, string user, string sampleId, int vote, SyntheticCandidate candidate, CancellationToken cancellationToken) =>
        VerifierVote.AskAsync(context.Models, _task, user, string.Create(CultureInfo.InvariantCulture, $"{sampleId}-vote-{vote}"), candidate.Answer, candidate.Choices, cancellationToken);

    /// <summary>The history as JSON: verbatim while it fits the budget, else a summary of the older items plus the recent ones.</summary>
    private async Task<(string History, bool Summarized)> HistoryAsync(GenerationContext context, SipdoGeneratorState state, IReadOnlyList<Sample> kept, CancellationToken cancellationToken)
    {
        var items = kept.Select(s => new HistoryItemPayload(s.Difficulty, s.Input, s.Expected)).ToArray();
        var full = JsonSerializer.Serialize(new HistoryPayload(null, items), SipdoJsonContext.Default.HistoryPayload);
        if (full.Length <= _options.HistoryCharacterBudget)
        {
            return (full, false);
        }

        // Keep the most recent items verbatim within half the budget; the rest is condensed.
        var recentBudget = _options.HistoryCharacterBudget / 2;
        var recentCount = 0;
        var used = 0;
        for (var i = items.Length - 1; i >= 0; i--)
        {
            var size = JsonSerializer.Serialize(items[i].Input, SipdoJsonContext.Default.String).Length + 40;
            if (used + size > recentBudget && recentCount > 0)
            {
                break;
            }

            used += size;
            recentCount++;
        }

        var olderCount = items.Length - recentCount;
        var summarized = false;
        if (olderCount > state.SummarizedCount)
        {
            var newItems = items[state.SummarizedCount..olderCount];
            var user = PromptTemplate.RenderRequest(_options.Templates.Summarizer, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["task_name"] = Json(_task.Name),
                ["previous_summary"] = Json(state.HistorySummary ?? string.Empty),
                ["items"] = JsonSerializer.Serialize(newItems, SipdoJsonContext.Default.HistoryItemPayloadArray),
                ["max_characters"] = recentBudget.ToString(CultureInfo.InvariantCulture),
            });
            var request = new ModelRequest(SipdoRoles.Summarizer, null, user);
            try
            {
                var response = await context.Models.GetStructuredResponseAsync(
                    request,
                    SipdoJsonContext.Default.SummaryOutput,
                    output => string.IsNullOrWhiteSpace(output.Summary) ? "\"summary\" must be a non-empty string" : null,
                    cancellationToken).ConfigureAwait(false);
                var summary = response.Value.Summary.Trim();
                state.HistorySummary = summary.Length > recentBudget ? summary[..recentBudget] : summary;
                state.SummarizedCount = olderCount;
                summarized = true;
            }
            catch (Exception ex) when (ModelFailureClassifier.IsContentFailure(ex))
            {
                // Without a summary the oldest items are dropped rather than overflowing the context.
            }
        }

        var payload = new HistoryPayload(state.HistorySummary ?? $"({olderCount} older items omitted)", items[olderCount..]);
        return (JsonSerializer.Serialize(payload, SipdoJsonContext.Default.HistoryPayload), summarized);
    }

    private Sample ToSample(string id, GenerationContext context, SyntheticCandidate? candidate, string? label, int? level, int attempt, string? rationale, string? problem)
    {
        var metadata = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (candidate?.Choices is { Count: > 0 } choices)
        {
            metadata[GradedItem.ChoicesMetadataKey] = JsonSerializer.SerializeToElement(choices.ToArray(), SipdoJsonContext.Default.StringArray);
        }

        if (!string.IsNullOrWhiteSpace(rationale))
        {
            metadata["rationale"] = JsonSerializer.SerializeToElement(rationale, SipdoJsonContext.Default.String);
        }

        var requested = label is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal) { ["label"] = Spell(label) };
        return new Sample
        {
            Id = id,
            Input = candidate?.Input ?? "(no item: the generator output was malformed)",
            Expected = candidate is null ? null : label is null ? candidate.Answer : Spell(label),
            Difficulty = level,
            RequestedAttributes = requested,
            Provenance = new SampleProvenance
            {
                Iteration = context.Iteration,
                PromptVersion = context.Prompt.Version,
                Origin = SampleOrigin.Synthetic,
                Attempt = attempt,
                Note = problem,
            },
            Metadata = metadata.Count > 0 ? metadata : null,
        };
    }

    private static async Task<List<float[]>> EmbedAsync(GenerationContext context, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        var list = texts.ToList();
        if (list.Count == 0)
        {
            return [];
        }

        var embeddings = await context.Embeddings.GenerateAsync(list, cancellationToken: cancellationToken).ConfigureAwait(false);
        return embeddings.Select(e => e.Vector.ToArray()).ToList();
    }

    /// <summary>One candidate of a slot while it is checked, scored and verified.</summary>
    private sealed class Draft(Sample sample, string? label, SyntheticCandidate? candidate, string? rationale, float[]? embedding, string? problem)
    {
        public Sample Sample { get; set; } = sample;

        public SyntheticCandidate? Candidate { get; } = candidate;

        public float[]? Embedding { get; } = embedding;

        public string? Problem { get; set; } = problem;

        /// <summary>The requested label, normalized; <see langword="null"/> for an open-answer task.</summary>
        public string? Label { get; } = label;

        public string? Rationale { get; } = rationale;

        public bool? CurrentPromptFailed { get; set; }

        public double DeltaDivergence { get; set; }

        public double? Score { get; set; }
    }

    private string Spell(string normalizedLabel) => _labelSpelling.GetValueOrDefault(normalizedLabel, normalizedLabel);

    private static string Json(string value) => JsonSerializer.Serialize(value, SipdoJsonContext.Default.String);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SIPDO iteration {Iteration}: item attempt {Attempt} rejected: {Problem}")]
    private static partial void LogRejected(ILogger logger, int iteration, int attempt, string problem);
}
