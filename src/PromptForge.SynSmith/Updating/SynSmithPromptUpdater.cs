using System.Globalization;
using System.Text.Json;

namespace PromptForge.SynSmith;

/// <summary>
/// Rewrites the generator prompt from the structured feedback of EVERY critic of the iteration (custom critics
/// included: their metrics and complaints are rendered the same way), the recent prompt history with the metric
/// changes each rewrite caused, and the last rolled-back rewrite with its regression. The rewrite is a
/// <see cref="PromptUpdateDecision.Candidate"/>: the acceptance gate keeps it only if the next iteration does not regress.
/// </summary>
internal sealed class SynSmithPromptUpdater(SynSmithData data) : IPromptUpdater
{
    private static readonly string[] HistoryMetrics =
    [
        AttributeVerifier.MatchRateMetric,
        RealismDiscriminator.AccuracyMetric,
        PackDiscriminator.AccuracyMetric,
        DiversityMetricNames.NearDuplicateRate,
        DiversityMetricNames.VendiScore,
        ModeSeekingCritic.RatioMetric,
        ModeHunter.BannedPhrasingCountMetric,
        CoverageHoleFinder.AurocMetric,
    ];

    public async Task<PromptUpdate> UpdateAsync(PromptUpdateContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsFinalIteration)
        {
            // A candidate needs the next iteration's measurement to pass the gate; in the last iteration none follows.
            return PromptUpdate.NoChange("final iteration: no rewrite, since no later iteration could measure it for the acceptance gate");
        }

        var payload = BuildPayload(context);
        var system = SynSmithPromptTemplates.Render(data.Options.Updater.Template, SynSmithData.TemplateValues(data.Schema));
        ModelResponse<PromptRewriteReply> response;
        try
        {
            response = await context.Models.GetStructuredResponseAsync(
                new ModelRequest(SynSmithRoles.Updater, system, JsonSerializer.Serialize(payload, SynSmithJsonContext.Default.PromptUpdaterRequest)),
                SynSmithJsonContext.Default.PromptRewriteReply,
                reply => string.IsNullOrWhiteSpace(reply.Prompt) ? "the reply must have a non-empty \"prompt\"" : null,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ModelFailureClassifier.IsContentFailure(ex))
        {
            string problem = ex is StructuredOutputException malformed ? "malformed: " + malformed.Error : "refused by the content filter";
            SynSmithLog.RewriteUnusable(context.LoggerFactory.CreateLogger(SynSmithLog.Category), context.Iteration, problem);
            return new PromptUpdate { Decision = PromptUpdateDecision.NoChange, RoundFailed = true, Reason = "the updater's reply was " + problem };
        }

        var text = PromptText.StripCodeFences(response.Value.Prompt!);
        if (text.Length == 0)
        {
            return new PromptUpdate { Decision = PromptUpdateDecision.NoChange, RoundFailed = true, Reason = "the updater returned an empty prompt" };
        }

        if (string.Equals(text, context.Current.Text.Trim(), StringComparison.Ordinal))
        {
            return PromptUpdate.NoChange("the updater returned the prompt unchanged");
        }

        return new PromptUpdate
        {
            Decision = PromptUpdateDecision.Candidate,
            NewText = text,
            Motivation = response.Value.Motivation?.Trim(),
        };
    }

    internal PromptUpdaterRequest BuildPayload(PromptUpdateContext context)
    {
        var options = data.Options.Updater;
        var samples = context.Samples.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var critics = new List<CriticFeedbackPayload>();
        foreach (var critique in context.Critiques)
        {
            var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in critique.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                metrics[name] = value.ToString();
            }

            var failed = critique.Verdicts
                .Where(v => v.Passed == false && samples.ContainsKey(v.SampleId))
                .Take(options.MaxFailedSamplesPerCritic)
                .Select(v => new FailedSamplePayload(
                    samples[v.SampleId].Input,
                    SynSmithData.Attributes(samples[v.SampleId].RequestedAttributes),
                    [.. v.FailedAttributes],
                    v.Reason))
                .ToList();
            critics.Add(new CriticFeedbackPayload(
                critique.CriticName,
                critique.Error,
                metrics,
                [.. critique.Complaints.Take(options.MaxComplaintsPerCritic).Select(c => new ComplaintPayload(c.Code, c.Message, [.. c.Evidence.Take(5)]))],
                failed));
        }

        var rejected = context.LastRejection is { } rejection
            ? new RejectedRewritePayload(rejection.Candidate.Text, rejection.Reason, Changes(rejection.BaselineIteration.Metrics, rejection.CandidateIteration.Metrics))
            : null;
        return new PromptUpdaterRequest(
            context.Current.Text,
            critics,
            [.. BanList.Load(context.State).Phrases.Select(p => p.Phrase)],
            History(context),
            rejected);
    }

    private List<PromptHistoryPayload> History(PromptUpdateContext context)
    {
        var history = context.History.TakeLast(data.Options.Updater.HistoryWindow + 1).ToArray();
        var entries = new List<PromptHistoryPayload>();
        for (var i = 1; i < history.Length; i++)
        {
            var before = history[i - 1];
            var after = history[i];
            if (before.PromptVersion == after.PromptVersion)
            {
                continue;
            }

            var prompt = context.State.Prompts.FirstOrDefault(p => p.Version == after.PromptVersion);
            entries.Add(new PromptHistoryPayload(after.Iteration, after.PromptVersion, prompt?.Motivation, after.GateDecision, Changes(before.Metrics, after.Metrics)));
        }

        return entries;
    }

    private static Dictionary<string, string> Changes(IReadOnlyDictionary<string, MetricValue> before, IReadOnlyDictionary<string, MetricValue> after)
    {
        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in HistoryMetrics)
        {
            if (before.TryGetValue(name, out var b) && after.TryGetValue(name, out var a) && b.Value is { } x && a.Value is { } y)
            {
                changes[name] = string.Create(CultureInfo.InvariantCulture, $"{x:0.###} -> {y:0.###} ({y - x:+0.###;-0.###;0})");
            }
        }

        return changes;
    }
}
