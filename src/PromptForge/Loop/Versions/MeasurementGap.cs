namespace PromptForge;

/// <summary>
/// Tells a complete measurement from a partial one: nothing is accepted, scored or used as a gate baseline on a partial
/// measurement.
/// </summary>
internal static class MeasurementGap
{
    /// <summary>
    /// Why <paramref name="measured"/> is a partial measurement, or <see langword="null"/> when it is complete: a critic
    /// failed and left a metric unmeasured, or an input metric of the objective was not measured.
    /// </summary>
    public static string? Find(IterationRecord measured, IPromptObjective? objective)
    {
        var problems = new List<string>();

        // A critic that reports an error but still measured every metric it reports (a model summary on top of computed
        // metrics) did measure; one whose error left a metric unmeasured did not.
        var failed = measured.Critiques.Where(critique => critique.Failed && (critique.Metrics.Count == 0 || critique.Metrics.Values.Any(m => !m.IsMeasured))).ToList();
        if (failed.Count > 0)
        {
            problems.Add("critic " + string.Join(", ", failed.Select(critique => $"{critique.CriticName} could not measure ({Shorten(critique.Error!)})")));
        }

        var missing = (objective?.InputMetrics ?? [])
            .Where(name => measured.Metrics.TryGetValue(name, out var value) && !value.IsMeasured)
            .Select(name => $"{name} not measured ({measured.Metrics[name].NotMeasuredReason})")
            .ToList();
        if (missing.Count > 0)
        {
            problems.Add("objective input " + string.Join(", ", missing));
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);

        static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";
    }
}
