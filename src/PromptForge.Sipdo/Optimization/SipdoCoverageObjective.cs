namespace PromptForge.Sipdo;

/// <summary>p* objective: the coverage of the prompt on every synthetic item so far (the loop breaks ties: shorter, then later).</summary>
internal sealed class SipdoCoverageObjective : IPromptObjective
{
    public double? Score(IterationRecord iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        return iteration.Metrics.TryGetValue(SipdoMetrics.Coverage, out var coverage) ? coverage.Value : null;
    }
}
