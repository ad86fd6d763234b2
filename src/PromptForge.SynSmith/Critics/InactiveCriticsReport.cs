namespace PromptForge.SynSmith;

/// <summary>
/// Reports every metric of the critics the condition leaves out as "not measured" with the reason, so an
/// iteration's metrics never show a placeholder such as 0.5 for a critic that did not run (reference defect 14)
/// and every condition's metrics.json has the same keys.
/// </summary>
internal sealed class InactiveCriticsReport(IReadOnlyList<CriticBase> inactive, string condition) : CriticBase
{
    public const string CriticName = "inactive_critics";

    public override string Name => CriticName;

    public override IReadOnlyCollection<string> MetricNames => [];

    public override Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
        foreach (var critic in inactive)
        {
            foreach (var metric in critic.MetricNames)
            {
                metrics[metric] = MetricValue.NotMeasured($"critic '{critic.Name}' is off in condition '{condition}'");
            }
        }

        return Task.FromResult(new Critique { CriticName = Name, Metrics = metrics });
    }
}
