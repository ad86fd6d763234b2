using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace PromptForge.Sipdo;

/// <summary>
/// SIPDO's prompt optimizer: error analysis (T=0), improvement suggestion (T=0.7) and targeted rewrite (T=0) on the
/// error slice; local confirmation on the slice, then global confirmation on every synthetic item; a slice that still
/// fails, or items that regress, become the new slice with the rewrite as the new baseline. Bounded by
/// <see cref="SipdoOptions.MaxRepairAttempts"/>: when no rewrite is confirmed the prompt is kept and the round fails, and
/// the items still wrong are re-checked by the verifiers (<see cref="ItemRecheck"/>); those quarantined leave coverage
/// and confirmation, so the next rounds repair the other items. Task verdicts come from the run's <see cref="TaskVerdictMemo"/>.
/// </summary>
internal sealed partial class SipdoPromptUpdater(TaskDefinition task, SipdoOptions options, TaskVerdictMemo verdicts) : IPromptUpdater, IModelRoleConsumer
{
    private const int MaxAnswerCharacters = 2000;

    private readonly ItemRecheck _recheck = new(task, options);

    public IReadOnlyCollection<ModelRoleKind> RequiredRoleKinds =>
        options.VerifierVotes > 0 ? [ModelRoleKind.Updater, ModelRoleKind.Task, ModelRoleKind.Critic] : [ModelRoleKind.Updater, ModelRoleKind.Task];

    public async Task<PromptUpdate> UpdateAsync(PromptUpdateContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.LoggerFactory.CreateLogger<SipdoPromptUpdater>();
        if (context.Phase == IterationPhase.Selection)
        {
            return PromptUpdate.NoChange("p* selection round: no repair");
        }

        var details = context.Critiques.ResultsOf(SipdoKeys.TaskRun).FirstOrDefault();
        if (details is null)
        {
            // No result: the task critic failed, had no items yet, or is not configured. The owner of the coverage
            // metric tells which (metric names are unique across critics).
            var owner = context.Critiques.FindByMetric(SipdoMetrics.Coverage);
            return owner is null || owner.Failed
                ? new PromptUpdate
                {
                    Decision = PromptUpdateDecision.NoChange,
                    RoundFailed = true,
                    Reason = owner is null ? "the sipdo_task critic did not run" : $"task evaluation failed: {owner.Error}",
                }
                : PromptUpdate.NoChange("no synthetic items to evaluate yet");
        }

        var items = SipdoTaskCritic.CoverageSet(context.State, context.Samples).ToDictionary(i => i.Id, StringComparer.Ordinal);
        var errors = details.Items.Where(i => !i.Correct && items.ContainsKey(i.SampleId)).ToList();
        if (errors.Count == 0)
        {
            return new PromptUpdate
            {
                Decision = PromptUpdateDecision.NoChange,
                Reason = string.Create(CultureInfo.InvariantCulture, $"all {details.Items.Count} synthetic items solved"),
                Metrics = Metrics(0, 0, 0, null, 0),
            };
        }

        var proposals = new List<PromptProposal>();
        var analyses = new List<string>();
        var failedRewrites = 0;
        var baseline = context.Current.Text;
        IReadOnlyList<TaskRunItem> slice = errors;
        for (var attempt = 1; attempt <= options.MaxRepairAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            context.ReportProgress("sipdo.repair", string.Create(CultureInfo.InvariantCulture, $"attempt {attempt}: repairing {slice.Count} wrongly answered item(s)"));
            var (rewrite, problem) = await RewriteAsync(context, baseline, slice, items, attempt, analyses, cancellationToken).ConfigureAwait(false);
            if (rewrite is null)
            {
                failedRewrites++;
                LogRewriteFailed(logger, context.Iteration, attempt, problem!);
                continue;
            }

            var proposalMetrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
            // Local and global confirmation are one layer of task calls: global covers every item, the slice included,
            // and the local verdict is read from it.
            var sliceItems = slice.Select(s => items[s.SampleId]).ToList();
            var checkedItems = options.GlobalConfirmation && !options.LegacyTaskScheduling ? items.Values.ToList()
                : options.LocalConfirmation ? sliceItems
                : [];
            var verdictsById = await VerdictsAsync(context, rewrite.Prompt, checkedItems, cancellationToken).ConfigureAwait(false);
            if (options.LocalConfirmation)
            {
                var local = slice.Select(s => verdictsById[s.SampleId]).ToList();
                proposalMetrics["local_accuracy"] = MetricValue.Measured(TaskRunner.Coverage(local), local.Count);
                var stillWrong = local.Where(r => !r.Correct).ToList();
                if (stillWrong.Count > 0)
                {
                    proposals.Add(Rejected(rewrite, proposalMetrics, string.Create(CultureInfo.InvariantCulture, $"local confirmation failed: {stillWrong.Count} of {local.Count} item(s) of the error slice still wrong")));
                    (baseline, slice) = (rewrite.Prompt, stillWrong);
                    continue;
                }
            }

            double? candidateCoverage = null;
            if (options.GlobalConfirmation)
            {
                if (options.LegacyTaskScheduling)
                {
                    // The scheme before: global confirmation starts once local confirmation passed.
                    foreach (var (id, verdict) in await VerdictsAsync(context, rewrite.Prompt, items.Values.Where(i => !verdictsById.ContainsKey(i.Id)).ToList(), cancellationToken).ConfigureAwait(false))
                    {
                        verdictsById[id] = verdict;
                    }
                }

                var failing = verdictsById.Values.Where(r => !r.Correct).ToList();
                candidateCoverage = (items.Count - failing.Count) / (double)items.Count;
                proposalMetrics["global_coverage"] = MetricValue.Measured(candidateCoverage.Value, items.Count);
                if (failing.Count > 0)
                {
                    proposals.Add(Rejected(rewrite, proposalMetrics, string.Create(CultureInfo.InvariantCulture, $"global confirmation failed: {failing.Count} of {items.Count} item(s) wrong ({string.Join(", ", failing.Take(5).Select(f => f.SampleId))})")));
                    (baseline, slice) = (rewrite.Prompt, failing);
                    continue;
                }
            }

            proposals.Add(new PromptProposal
            {
                Text = rewrite.Prompt,
                Motivation = rewrite.Motivation,
                Status = PromptVersionStatus.Accepted,
                Reason = options.GlobalConfirmation ? "confirmed on the error slice and on every synthetic item" : "confirmed (global confirmation disabled)",
                Metrics = proposalMetrics,
            });
            LogRepairAccepted(logger, context.Iteration, attempt, errors.Count);
            return new PromptUpdate
            {
                StateUpdates = StateUpdates(context, SipdoWeaknesses.Record(context.State, context.Iteration, analyses, errors, items, new HashSet<string>(StringComparer.Ordinal))),
                Decision = PromptUpdateDecision.Accepted,
                NewText = rewrite.Prompt,
                Motivation = rewrite.Motivation,
                Proposals = proposals,
                Reason = string.Create(CultureInfo.InvariantCulture, $"repaired {errors.Count} error(s) in {attempt} attempt(s)"),
                Metrics = Metrics(errors.Count, 1, proposals.Count - 1 + failedRewrites, candidateCoverage, 0),
            };
        }

        LogRepairLimit(logger, context.Iteration, options.MaxRepairAttempts);

        // The items of the current prompt's error slice that the last attempt still got wrong may be mislabeled: the
        // verifiers look again, shown the task model's answer, so one bad item cannot freeze every later round.
        var lastWrong = slice.Select(s => s.SampleId).ToHashSet(StringComparer.Ordinal);
        var stuck = errors.Where(e => lastWrong.Contains(e.SampleId)).ToList();
        var (quarantined, quarantineRecord) = await _recheck.RunAsync(context, stuck.Count > 0 ? stuck : errors, items, cancellationToken).ConfigureAwait(false);
        foreach (var item in quarantined)
        {
            LogQuarantined(logger, context.Iteration, item.ItemId, item.Reason);
        }

        var remaining = errors.Count(e => quarantined.All(q => q.ItemId != e.SampleId));
        var reason = string.Create(CultureInfo.InvariantCulture, $"repair limit reached: {options.MaxRepairAttempts} attempt(s), no rewrite confirmed; the prompt is kept");
        if (quarantined.Count > 0)
        {
            reason += string.Create(CultureInfo.InvariantCulture, $"; {quarantined.Count} item(s) quarantined ({string.Join("; ", quarantined.Select(q => $"{q.ItemId}: {q.Reason}"))})");
        }

        return new PromptUpdate
        {
            StateUpdates = StateUpdates(context, SipdoWeaknesses.Record(context.State, context.Iteration, analyses, errors, items, slice.Select(s => s.SampleId).ToHashSet(StringComparer.Ordinal)), quarantineRecord),
            Decision = PromptUpdateDecision.NoChange,
            RoundFailed = remaining > 0,
            Reason = reason,
            Proposals = proposals,
            Metrics = Metrics(errors.Count, 0, proposals.Count + failedRewrites, null, quarantined.Count),
        };
    }

    private async Task<Dictionary<string, TaskRunItem>> VerdictsAsync(PromptUpdateContext context, string prompt, IReadOnlyList<GradedItem> checkedItems, CancellationToken cancellationToken) =>
        checkedItems.Count == 0
            ? new Dictionary<string, TaskRunItem>(StringComparer.Ordinal)
            : (await verdicts.RunAsync(context.State, context.Models, prompt, checkedItems, cancellationToken).ConfigureAwait(false))
                .ToDictionary(r => r.SampleId, StringComparer.Ordinal);

    /// <summary>What the updater keeps in the loop state: its weakness record, the run's task verdicts, and a changed quarantine record.</summary>
    private Artifact[] StateUpdates(PromptUpdateContext context, Artifact weaknesses, Artifact? quarantine = null) =>
        new[] { weaknesses, verdicts.Snapshot(context.State), quarantine }.OfType<Artifact>().ToArray();

    private static PromptProposal Rejected(RewriteOutput rewrite, Dictionary<string, MetricValue> metrics, string reason) => new()
    {
        Text = rewrite.Prompt,
        Motivation = rewrite.Motivation,
        Status = PromptVersionStatus.Rejected,
        Reason = reason,
        Metrics = metrics,
    };

    private static Dictionary<string, MetricValue> Metrics(int errorsFound, int accepted, int rejected, double? candidateCoverage, int quarantined) => new(StringComparer.Ordinal)
    {
        [SipdoMetrics.Quarantined] = MetricValue.Measured(quarantined),
        [SipdoMetrics.ErrorsFound] = MetricValue.Measured(errorsFound),
        [SipdoMetrics.RepairsAccepted] = MetricValue.Measured(accepted),
        [SipdoMetrics.RepairsRejected] = MetricValue.Measured(rejected),
        [SipdoMetrics.CandidateCoverage] = candidateCoverage is { } c
            ? MetricValue.Measured(c)
            : MetricValue.NotMeasured(accepted == 0 ? "no rewrite adopted" : "global confirmation disabled"),
    };

    /// <summary>Error analysis, suggestion and rewrite for one slice; a malformed or over-long reply is reported, not thrown.</summary>
    private async Task<(RewriteOutput? Rewrite, string? Problem)> RewriteAsync(
        PromptUpdateContext context,
        string baseline,
        IReadOnlyList<TaskRunItem> slice,
        IReadOnlyDictionary<string, GradedItem> items,
        int attempt,
        List<string> analyses,
        CancellationToken cancellationToken)
    {
        var errors = JsonSerializer.Serialize(
            slice.Take(options.MaxErrorsPerAnalysis)
                .Select(s => new ErrorPayload(items[s.SampleId].Input, Truncate(s.Output), items[s.SampleId].AcceptedAnswers[0]))
                .ToArray(),
            SipdoJsonContext.Default.ErrorPayloadArray);
        var discriminator = string.Create(CultureInfo.InvariantCulture, $"i{context.Iteration}-a{attempt}");
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["task_description"] = Json(task.Description),
            ["prompt"] = Json(baseline),
            ["errors"] = errors,
            ["output_format"] = Json(task.AnswerFormat.OutputInstruction),
            ["max_characters"] = options.MaxPromptCharacters.ToString(CultureInfo.InvariantCulture),
        };
        try
        {
            var analysis = await context.Models.GetStructuredResponseAsync(
                new ModelRequest(SipdoRoles.ErrorAnalysis, null, PromptTemplate.RenderRequest(options.Templates.ErrorAnalysis, values))
                {
                    CacheDiscriminator = discriminator,
                },
                SipdoJsonContext.Default.ErrorAnalysisOutput,
                output => string.IsNullOrWhiteSpace(output.Analysis) ? "\"analysis\" must be a non-empty string" : null,
                cancellationToken).ConfigureAwait(false);
            values["analysis"] = Json(analysis.Value.Analysis);
            analyses.Add(analysis.Value.Analysis);

            var suggestion = await context.Models.GetStructuredResponseAsync(
                new ModelRequest(SipdoRoles.Suggestion, null, PromptTemplate.RenderRequest(options.Templates.Suggestion, values))
                {
                    CacheDiscriminator = discriminator,
                },
                SipdoJsonContext.Default.SuggestionOutput,
                output => output.Suggestions.Any(s => !string.IsNullOrWhiteSpace(s)) ? null : "\"suggestions\" must list at least one change",
                cancellationToken).ConfigureAwait(false);
            values["suggestions"] = JsonSerializer.Serialize(suggestion.Value.Suggestions.ToArray(), SipdoJsonContext.Default.StringArray);

            var rewrite = await context.Models.GetStructuredResponseAsync(
                new ModelRequest(SipdoRoles.Rewrite, null, PromptTemplate.RenderRequest(options.Templates.Rewrite, values))
                {
                    CacheDiscriminator = discriminator,
                },
                SipdoJsonContext.Default.RewriteOutput,
                output => ValidateRewrite(output, baseline),
                cancellationToken).ConfigureAwait(false);
            var value = rewrite.Value;
            value.Prompt = value.Prompt.Trim();
            return (value, null);
        }
        catch (Exception ex) when (ModelFailureClassifier.IsContentFailure(ex))
        {
            return (null, ex is StructuredOutputException malformed ? $"{malformed.Role.Tag}: {malformed.Error}" : $"refused: {ex.Message}");
        }
    }

    private string? ValidateRewrite(RewriteOutput output, string baseline)
    {
        var prompt = output.Prompt?.Trim() ?? string.Empty;
        if (prompt.Length == 0)
        {
            return "\"prompt\" must be the complete revised prompt";
        }

        if (prompt.Length > options.MaxPromptCharacters)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the revised prompt has {prompt.Length} characters; the limit is {options.MaxPromptCharacters}: shorten it");
        }

        if (options.MaxPromptTokens is { } maxTokens
            && (options.TokenCounter ?? TokenCounters.Approximate).CountTokens(prompt, options.TokenCounterModelId) is var tokens && tokens > maxTokens)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the revised prompt has {tokens} tokens; the limit is {maxTokens}: shorten it");
        }

        return string.Equals(prompt, baseline.Trim(), StringComparison.Ordinal) ? "the revised prompt is identical to the current one: apply the suggestions" : null;
    }

    private static string Truncate(string text) => text.Length <= MaxAnswerCharacters ? text : text[..MaxAnswerCharacters] + " [...]";

    private static string Json(string value) => JsonSerializer.Serialize(value, SipdoJsonContext.Default.String);

    [LoggerMessage(Level = LogLevel.Information, Message = "SIPDO iteration {Iteration}: repair accepted at attempt {Attempt} ({Errors} error(s))")]
    private static partial void LogRepairAccepted(ILogger logger, int iteration, int attempt, int errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SIPDO iteration {Iteration}: rewrite attempt {Attempt} failed: {Problem}")]
    private static partial void LogRewriteFailed(ILogger logger, int iteration, int attempt, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SIPDO iteration {Iteration}: item {ItemId} quarantined: {Reason}")]
    private static partial void LogQuarantined(ILogger logger, int iteration, string itemId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SIPDO iteration {Iteration}: repair limit of {Limit} attempt(s) reached; prompt kept, round failed")]
    private static partial void LogRepairLimit(ILogger logger, int iteration, int limit);
}
