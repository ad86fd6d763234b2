using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge.SynSmith;

/// <summary>
/// Plans target attribute vectors and writes one sample per target (or several targets per call), showing real
/// examples of each target's own class as style anchors. Sample ids are ours (<see cref="SampleIds"/>), never a
/// model's (reference defect 9). Every condition produces the same number of samples per iteration: labels the
/// verifier rejected last iteration are requested again INSIDE that count (reference defect 17).
/// </summary>
internal sealed class SynSmithGenerator : IGenerator
{
    private readonly SynSmithData _data;
    private readonly AttributePlanner _planner;

    public SynSmithGenerator(SynSmithData data)
    {
        _data = data;
        _planner = new AttributePlanner(data.Schema, data.Options.PlannerStrategy, data.Options.TargetedCombinations);
    }

    public async Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = _data.Options.Generator;
        // Coverage-gap counts what the texts so far actually have: the verifier's reading where it judged them.
        var verified = VerifiedAttributes.FromHistory(context.State.History);
        var existing = context.State.AllSamples
            .Select(s => verified.TryGetValue(s.Id, out var attributes) ? attributes : VerifiedAttributes.Declared(s))
            .ToArray();
        var regenerate = options.RegenerateRejectedLabels ? RejectedLabelTargets(context.State) : [];
        var targets = _planner.Plan(context.SampleCount, existing, context.Random, regenerate);

        var banned = BanList.Load(context.State).Phrases.Select(p => p.Phrase).ToArray();
        var incumbent = PairedIncumbent(context);

        // A gate iteration also writes the same targets under the incumbent, as measurement-only samples the gate critic
        // judges (never part of the dataset), so candidate and incumbent are compared on paired work. Both batches run at
        // once, each with its own random source (a shared Random must not be used from concurrent calls).
        var pairedRandom = incumbent is null ? null : new Random(context.Random.Next());
        var ownTask = GenerateBatchAsync(context, context.Prompt, targets, banned, SampleIds.Create, cacheTag: null, context.Random, cancellationToken);
        var pairedTask = incumbent is null
            ? Task.FromResult<BatchOutcome?>(null)
            : PairedAsync(incumbent, pairedRandom!);
        await Task.WhenAll((Task)ownTask, pairedTask).ConfigureAwait(false);
        var own = await ownTask.ConfigureAwait(false);
        var paired = await pairedTask.ConfigureAwait(false);

        string? note = null;
        if (own.Unfilled > 0)
        {
            note = string.Create(CultureInfo.InvariantCulture, $"{own.Unfilled} of {targets.Count} targets got no usable sample after {1 + options.MaxRetriesPerTarget} attempts");
            SynSmithLog.TargetsUnfilled(context.LoggerFactory.CreateLogger(SynSmithLog.Category), context.Iteration, own.Unfilled, targets.Count, 1 + options.MaxRetriesPerTarget);
        }

        var samples = own.Samples;
        var rejected = own.Rejected;
        var idOf = own.Targets.ToDictionary(p => p.Value, p => p.Key);
        var log = new GenerationLog
        {
            Iteration = context.Iteration,
            Targets = [.. targets.Select(SynSmithData.Attributes)],
            SampleIds = [.. Enumerable.Range(0, targets.Count).Select(i => idOf.GetValueOrDefault(i))],
            RegeneratedLabelTargets = regenerate.Count,
            UnfilledTargets = own.Unfilled,
            RejectedSamples = rejected.Count,
            GeneratorCalls = own.Calls,
        };
        var stateUpdates = new List<Artifact>();
        if (incumbent is not null && paired is not null)
        {
            stateUpdates.Add(Artifact.Create(PairedBatch.Key, new PairedBatch
            {
                Iteration = context.Iteration,
                CandidateVersion = context.Prompt.Version,
                IncumbentVersion = incumbent.Version,
                CandidateTargets = own.Targets,
                Incumbent = [.. paired.Samples],
                IncumbentTargets = paired.Targets,
                IncumbentUnfilled = paired.Unfilled,
                GenerationCalls = paired.Calls,
            }));
            note = (note is null ? string.Empty : note + "; ") + string.Create(
                CultureInfo.InvariantCulture,
                $"gate: {paired.Samples.Count} paired samples written under incumbent v{incumbent.Version} in {paired.Calls} extra generator calls (measurement only)");
        }
        else if (PairedBatch.Clear(context.State) is { } marker)
        {
            stateUpdates.Add(marker);
        }

        log.Note = note;
        stateUpdates.Add(Artifact.Create(GenerationLog.Key, log));

        async Task<BatchOutcome?> PairedAsync(PromptVersion prompt, Random random) =>
            await GenerateBatchAsync(context, prompt, targets, banned, PairedBatch.IncumbentSampleId, cacheTag: "gate-incumbent", random, cancellationToken).ConfigureAwait(false);

        return new GenerationResult
        {
            Samples = samples,
            Rejected = rejected,
            Note = note,
            Details = JsonSerializer.SerializeToElement(TargetsJson(targets, regenerate.Count), SynSmithJsonContext.Default.JsonObject),
            StateUpdates = stateUpdates,
        };
    }

    /// <summary>The incumbent a candidate is gated against, when this iteration measures a candidate with paired work.</summary>
    private PromptVersion? PairedIncumbent(GenerationContext context)
    {
        if (!_data.Options.Gate.PairedMeasurement || !_data.Options.RewritesPrompt || context.Prompt.Status != PromptVersionStatus.Candidate)
        {
            return null;
        }

        var parent = context.Prompt.ParentVersion ?? 0;
        return context.State.Prompts.FirstOrDefault(p => p.Version == parent);
    }

    /// <summary>Writes one sample per target under <paramref name="prompt"/>, retrying unfilled targets.</summary>
    private async Task<BatchOutcome> GenerateBatchAsync(
        GenerationContext context,
        PromptVersion prompt,
        IReadOnlyList<IReadOnlyDictionary<string, string>> targets,
        string[] banned,
        Func<int, int, string> sampleId,
        string? cacheTag,
        Random random,
        CancellationToken cancellationToken)
    {
        var options = _data.Options.Generator;
        var accepted = new Sample?[targets.Count];
        var rejected = new List<Sample>();
        var pending = Enumerable.Range(0, targets.Count).ToList();
        var calls = 0;
        for (var attempt = 1; attempt <= 1 + options.MaxRetriesPerTarget && pending.Count > 0; attempt++)
        {
            var batch = pending.Chunk(options.SamplesPerCall)
                .Select(chunk => GenerateCallAsync(context, prompt, targets, chunk, attempt, banned, sampleId, cacheTag, random, cancellationToken))
                .ToArray();
            calls += batch.Length;
            var outcomes = await Task.WhenAll(batch).ConfigureAwait(false);
            pending = [];
            foreach (var outcome in outcomes.SelectMany(o => o))
            {
                if (outcome.Sample is { } sample)
                {
                    accepted[outcome.TargetIndex] = sample;
                }
                else
                {
                    pending.Add(outcome.TargetIndex);
                    rejected.Add(new Sample
                    {
                        Id = sampleId(context.Iteration, (targets.Count * attempt) + outcome.TargetIndex),
                        Input = outcome.Text ?? string.Empty,
                        Expected = targets[outcome.TargetIndex][_data.Schema.LabelAttribute],
                        RequestedAttributes = targets[outcome.TargetIndex],
                        Provenance = Provenance(context, prompt, attempt, outcome.Problem),
                    });
                }
            }

            pending.Sort();
        }

        var samples = new List<Sample>();
        var targetOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < accepted.Length; i++)
        {
            if (accepted[i] is { } sample)
            {
                samples.Add(sample);
                targetOf[sample.Id] = i;
            }
        }

        return new BatchOutcome(samples, rejected, targetOf, pending.Count, calls);
    }

    /// <summary>Labels whose samples the verifier rejected in the previous iteration, one partial target per rejection.</summary>
    private List<IReadOnlyDictionary<string, string>> RejectedLabelTargets(LoopState state)
    {
        var last = state.History.LastOrDefault();
        var verifier = last?.Critiques.FindByResult(AttributeVerification.Key);
        if (verifier is null)
        {
            return [];
        }

        var samples = state.AllSamples.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var targets = new List<IReadOnlyDictionary<string, string>>();
        foreach (var verdict in verifier.Verdicts.Where(v => v.Passed == false))
        {
            if (samples.TryGetValue(verdict.SampleId, out var sample) && SynSmithData.Label(sample, _data.Schema.LabelAttribute) is { Length: > 0 } label)
            {
                targets.Add(new Dictionary<string, string>(StringComparer.Ordinal) { [_data.Schema.LabelAttribute] = label });
            }
        }

        return targets;
    }

    private async Task<IReadOnlyList<TargetOutcome>> GenerateCallAsync(
        GenerationContext context,
        PromptVersion prompt,
        IReadOnlyList<IReadOnlyDictionary<string, string>> targets,
        int[] targetIndices,
        int attempt,
        string[] banned,
        Func<int, int, string> sampleId,
        string? cacheTag,
        Random random,
        CancellationToken cancellationToken)
    {
        var options = _data.Options.Generator;
        var refs = targetIndices.Select((index, i) => (Ref: "t" + (i + 1).ToString(CultureInfo.InvariantCulture), Index: index)).ToArray();
        var payload = new GeneratorRequest(
            _data.Schema.Domain,
            _data.Schema.TaskDescription,
            _data.Schema.LabelAttribute,
            SynSmithData.AttributeValues(_data.Schema),
            StyleAnchors(targetIndices.Select(i => targets[i][_data.Schema.LabelAttribute]).Distinct(StringComparer.Ordinal), random),
            [.. banned],
            [.. refs.Select(r => new GeneratorTargetPayload(r.Ref, SynSmithData.Attributes(targets[r.Index])))]);

        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["prompt"] = prompt.Text,
            ["candidates"] = options.VerbalizedCandidates.ToString(CultureInfo.InvariantCulture),
        };
        var system = SynSmithPromptTemplates.Render(options.VerbalizedSampling ? options.VerbalizedTemplate : options.Template, values);
        var request = new ModelRequest(SynSmithRoles.Generator, system, JsonSerializer.Serialize(payload, SynSmithJsonContext.Default.GeneratorRequest))
        {
            // Retries must be distinct requests, or a response cache would replay the same bad answer.
            // The paired incumbent batch is a distinct draw too: with a candidate equal to its incumbent a cache must not
            // replay the candidate's answer (that would make every paired difference exactly zero).
            CacheDiscriminator = Discriminator(attempt, cacheTag),
        };

        // Drawn before the call: calls finish in any order, so the shared Random must not be used after an await.
        var pick = new Random(random.Next());
        Dictionary<string, (string? Text, Dictionary<string, string>? Attributes)> byRef;
        try
        {
            byRef = options.VerbalizedSampling
                ? await VerbalizedAsync(context, request, pick, cancellationToken).ConfigureAwait(false)
                : await DirectAsync(context, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ModelFailureClassifier.IsContentFailure(ex))
        {
            // Only a refusal or a malformed reply becomes rejected targets (the loop counts it); a provider failure
            // propagates and stops the run resumably instead of silently shrinking the dataset.
            return refs.Select(r => new TargetOutcome(r.Index, null, null, "generator call failed: " + CriticSupport.Describe(ex))).ToArray();
        }

        var outcomes = new List<TargetOutcome>(refs.Length);
        foreach (var (reference, index) in refs)
        {
            var target = targets[index];
            if (!byRef.TryGetValue(reference, out var reply) || string.IsNullOrWhiteSpace(reply.Text))
            {
                outcomes.Add(new TargetOutcome(index, null, null, "the reply had no sample for this target"));
                continue;
            }

            var generated = GeneratedAttributes(target, reply.Attributes);
            var requestedLabel = target[_data.Schema.LabelAttribute];
            if (generated[_data.Schema.LabelAttribute] != requestedLabel)
            {
                outcomes.Add(new TargetOutcome(index, null, reply.Text, $"the model declared label '{generated[_data.Schema.LabelAttribute]}' instead of '{requestedLabel}'"));
                continue;
            }

            outcomes.Add(new TargetOutcome(index, new Sample
            {
                Id = sampleId(context.Iteration, index),
                Input = reply.Text.Trim(),
                Expected = requestedLabel,
                RequestedAttributes = target,
                GeneratedAttributes = generated,
                Provenance = Provenance(context, prompt, attempt, null),
            }, reply.Text, null));
        }

        return outcomes;
    }

    private static async Task<Dictionary<string, (string? Text, Dictionary<string, string>? Attributes)>> DirectAsync(
        GenerationContext context, ModelRequest request, CancellationToken cancellationToken)
    {
        var response = await context.Models.GetStructuredResponseAsync(
            request,
            SynSmithJsonContext.Default.GeneratorReply,
            reply => reply.Samples is null ? "the reply must have a \"samples\" array" : null,
            cancellationToken).ConfigureAwait(false);
        var byRef = new Dictionary<string, (string?, Dictionary<string, string>?)>(StringComparer.Ordinal);
        foreach (var sample in response.Value.Samples ?? [])
        {
            if (sample?.Ref is { } reference)
            {
                byRef.TryAdd(reference, (sample.Text, sample.Attributes));
            }
        }

        return byRef;
    }

    private static async Task<Dictionary<string, (string? Text, Dictionary<string, string>? Attributes)>> VerbalizedAsync(
        GenerationContext context, ModelRequest request, Random random, CancellationToken cancellationToken)
    {
        var response = await context.Models.GetStructuredResponseAsync(
            request,
            SynSmithJsonContext.Default.VerbalizedReply,
            reply => reply.Targets is null ? "the reply must have a \"targets\" array" : null,
            cancellationToken).ConfigureAwait(false);
        var byRef = new Dictionary<string, (string?, Dictionary<string, string>?)>(StringComparer.Ordinal);
        foreach (var target in response.Value.Targets ?? [])
        {
            var candidates = (target?.Candidates ?? []).Where(c => !string.IsNullOrWhiteSpace(c?.Text)).ToArray();
            if (target?.Ref is not { } reference || candidates.Length == 0)
            {
                continue;
            }

            // Draw one candidate in proportion to its stated probability (uniform when none are usable).
            var weights = candidates.Select(c => c.Probability is { } p && double.IsFinite(p) && p > 0 ? p : 0).ToArray();
            var total = weights.Sum();
            var pick = 0;
            if (total <= 0)
            {
                pick = random.Next(candidates.Length);
            }
            else
            {
                var draw = random.NextDouble() * total;
                for (var acc = weights[0]; pick < candidates.Length - 1 && draw >= acc; acc += weights[++pick])
                {
                }
            }

            byRef.TryAdd(reference, (candidates[pick].Text, candidates[pick].Attributes));
        }

        return byRef;
    }

    /// <summary>The declared attributes limited to the schema; an attribute the model did not declare keeps the requested value.</summary>
    private ReadOnlyDictionary<string, string> GeneratedAttributes(IReadOnlyDictionary<string, string> target, Dictionary<string, string>? declared)
    {
        var generated = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in _data.Schema.AttributeNames)
        {
            generated[name] = declared is not null && declared.TryGetValue(name, out var value) && _data.Schema.Attributes[name].Contains(value, StringComparer.Ordinal)
                ? value
                : target[name];
        }

        return new ReadOnlyDictionary<string, string>(generated);
    }

    private List<LabeledTextPayload> StyleAnchors(IEnumerable<string> labels, Random random)
    {
        var perClass = _data.Options.StyleAnchorsPerClass;
        var anchors = new List<LabeledTextPayload>();
        if (perClass == 0)
        {
            return anchors;
        }

        foreach (var label in labels)
        {
            foreach (var example in _data.Real.ByLabel[label].OrderBy(_ => random.Next()).Take(perClass))
            {
                anchors.Add(new LabeledTextPayload(label, example.Text));
            }
        }

        return anchors;
    }

    private static string? Discriminator(int attempt, string? cacheTag)
    {
        var retry = attempt > 1 ? "attempt-" + attempt.ToString(CultureInfo.InvariantCulture) : null;
        return cacheTag is null ? retry : retry is null ? cacheTag : cacheTag + "/" + retry;
    }

    private static SampleProvenance Provenance(GenerationContext context, PromptVersion prompt, int attempt, string? note) => new()
    {
        Iteration = context.Iteration,
        PromptVersion = prompt.Version,
        Origin = SampleOrigin.Synthetic,
        Attempt = attempt,
        Note = note,
    };

    private static JsonObject TargetsJson(IReadOnlyList<IReadOnlyDictionary<string, string>> targets, int regenerated) => new()
    {
        ["regenerated_label_targets"] = regenerated,
        ["targets"] = new JsonArray(targets.Select(t => (JsonNode)SynSmithData.AttributesJson(t)).ToArray()),
    };

    private sealed record BatchOutcome(IReadOnlyList<Sample> Samples, List<Sample> Rejected, Dictionary<string, int> Targets, int Unfilled, int Calls);

    private sealed record TargetOutcome(int TargetIndex, Sample? Sample, string? Text, string? Problem);
}
