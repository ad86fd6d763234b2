using System.Globalization;

namespace PromptForge.Sipdo;

/// <summary>
/// Task evaluation: runs the current prompt with the task model (temperature 0) on every synthetic item so far,
/// this round's included (D_t), and reports per-item verdicts and the coverage s_D. In the p* selection round it
/// also re-scores every kept prompt version on the same items.
/// </summary>
internal sealed class SipdoTaskCritic(TaskDefinition task, SipdoOptions options) : CriticBase, IModelRoleConsumer
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

        var results = await TaskRunner.RunAsync(context.Models, task, context.Prompt.Text, items, temperature: null, cancellationToken).ConfigureAwait(false);
        var coverage = TaskRunner.Coverage(results);
        var newIds = context.Samples.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var newResults = results.Where(r => newIds.Contains(r.SampleId)).ToList();
        var errors = results.Where(r => !r.Correct).ToList();
        var rescored = context.Phase == IterationPhase.Selection && options.SelectionRound
            ? await RescoreKeptVersionsAsync(context, items, cancellationToken).ConfigureAwait(false)
            : new Dictionary<int, double>();

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
            Result = Artifact.Create(SipdoKeys.TaskRun, new TaskRunDetails(context.Prompt.Version, coverage, results)),
            PromptScores = rescored,
        };
    }

    /// <summary>Every gradable synthetic item kept so far plus this round's, in order.</summary>
    internal static List<GradedItem> CoverageSet(LoopState state, IReadOnlyList<Sample> current)
    {
        var currentIds = current.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return state.AllSamples
            .Where(s => s.Provenance.Origin == SampleOrigin.Synthetic && !currentIds.Contains(s.Id))
            .Concat(current)
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
        var runs = await Task.WhenAll(others.Select(v => TaskRunner.RunAsync(context.Models, task, v.Text, items, temperature: null, cancellationToken))).ConfigureAwait(false);
        return others.Zip(runs).ToDictionary(pair => pair.First.Version, pair => TaskRunner.Coverage(pair.Second));
    }
}
