using System.Globalization;

namespace PromptForge.Sipdo;

/// <summary>
/// Task evaluation: runs the current prompt with the task model (temperature 0) on every synthetic item so far,
/// this round's included (D_t), and reports per-item verdicts and the coverage s_D. In the p* selection round it
/// also re-scores every kept prompt version on the same items, all versions at once. Verdicts come from the run's
/// <see cref="TaskVerdictMemo"/>: an item is answered once per prompt text. Quarantined items are left out.
/// </summary>
internal sealed class SipdoTaskCritic(SipdoOptions options, TaskVerdictMemo verdicts) : CriticBase, IModelRoleConsumer
{
    public const string CriticName = "sipdo_task";

    public override string Name => CriticName;

    public override IReadOnlyCollection<string> MetricNames => [SipdoMetrics.Coverage, SipdoMetrics.Errors, SipdoMetrics.NewItemAccuracy];

    public IReadOnlyCollection<ModelRoleKind> RequiredRoleKinds => [ModelRoleKind.Task];

    public override async Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var items = CoverageSet(context.State, context.Samples);
        if (items.Count == 0)
        {
            return NotMeasured("no synthetic items yet");
        }

        var current = verdicts.RunAsync(context.State, context.Models, context.Prompt.Text, items, cancellationToken);
        var rescored = new Dictionary<int, double>();
        if (context.Phase == IterationPhase.Selection && options.SelectionRound)
        {
            // One layer: the current prompt and every other kept version are scored together.
            if (options.LegacyTaskScheduling)
            {
                await current.ConfigureAwait(false);
            }

            var rescoring = RescoreKeptVersionsAsync(context, items, cancellationToken);
            await Task.WhenAll(current, rescoring).ConfigureAwait(false);
            rescored = await rescoring.ConfigureAwait(false);
        }

        var results = await current.ConfigureAwait(false);
        var coverage = TaskRunner.Coverage(results);
        var newIds = context.Samples.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var newResults = results.Where(r => newIds.Contains(r.SampleId)).ToList();
        var errors = results.Where(r => !r.Correct).ToList();
        var quarantined = QuarantineState.Read(context.State).Quarantined;

        return new Critique
        {
            CriticName = Name,
            Metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal)
            {
                [SipdoMetrics.Coverage] = MetricValue.Measured(coverage, results.Count),
                [SipdoMetrics.Errors] = MetricValue.Measured(errors.Count, results.Count),
                [SipdoMetrics.NewItemAccuracy] = newResults.Count == 0
                    ? MetricValue.NotMeasured("no new items this round")
                    : MetricValue.Measured(TaskRunner.Coverage(newResults), newResults.Count),
            },
            Verdicts = results.Select(r => new SampleVerdict
            {
                SampleId = r.SampleId,
                Passed = r.Correct,
                Reason = r.Reason,
                Answer = r.Extracted,
                Score = r.Correct ? 1 : 0,
            }).ToList(),
            Complaints = errors.Count == 0 ? [] :
            [
                new Complaint
                {
                    Code = "sipdo.wrong_answer",
                    Message = string.Create(CultureInfo.InvariantCulture, $"The prompt answers {errors.Count} of {results.Count} synthetic items wrongly."),
                    Evidence = errors.Select(e => $"{e.SampleId}: {e.Reason}").ToList(),
                    SampleIds = errors.Select(e => e.SampleId).ToList(),
                },
            ],
            Result = Artifact.Create(SipdoKeys.TaskRun, new TaskRunDetails(context.Prompt.Version, coverage, results) { Quarantined = quarantined.Count > 0 ? quarantined : null }),
            PromptScores = rescored,
            StateUpdates = verdicts.Snapshot(context.State) is { } memo ? [memo] : [],
        };
    }

    /// <summary>Every gradable synthetic item kept so far plus this round's, in order, without the quarantined ones.</summary>
    internal static List<GradedItem> CoverageSet(LoopState state, IReadOnlyList<Sample> current)
    {
        var currentIds = current.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var quarantine = QuarantineState.Read(state);
        return state.AllSamples
            .Where(s => s.Provenance.Origin == SampleOrigin.Synthetic && !currentIds.Contains(s.Id))
            .Concat(current)
            .Where(s => !quarantine.IsQuarantined(s.Id))
            .Select(GradedItem.FromSample)
            .OfType<GradedItem>()
            .ToList();
    }

    /// <summary>The coverage of every other kept version on the same items; the loop records them as the versions' scores.</summary>
    private async Task<Dictionary<int, double>> RescoreKeptVersionsAsync(CritiqueContext context, IReadOnlyList<GradedItem> items, CancellationToken cancellationToken)
    {
        var others = context.State.Prompts
            .Where(p => p.Version != context.Prompt.Version && p.Status is PromptVersionStatus.Initial or PromptVersionStatus.Accepted)
            .ToList();
        // Independent runs start together; the gateway limits concurrency.
        var runs = await Task.WhenAll(others.Select(v => verdicts.RunAsync(context.State, context.Models, v.Text, items, cancellationToken))).ConfigureAwait(false);
        return others.Zip(runs).ToDictionary(pair => pair.First.Version, pair => TaskRunner.Coverage(pair.Second));
    }
}
