using System.Globalization;
using System.Text;

namespace PromptForge.Evaluation;

/// <summary>Every metric of a synthetic dataset, with details; <see cref="ToMetrics"/> flattens them into named values.</summary>
public sealed record DatasetMetricsReport
{
    /// <summary>Gets distinct-1 of the synthetic texts.</summary>
    public required MetricValue Distinct1 { get; init; }

    /// <summary>Gets distinct-2 of the synthetic texts.</summary>
    public required MetricValue Distinct2 { get; init; }

    /// <summary>Gets distinct-3 of the synthetic texts.</summary>
    public required MetricValue Distinct3 { get; init; }

    /// <summary>Gets self-BLEU-4 of the synthetic texts.</summary>
    public required SelfBleuResult SelfBleu { get; init; }

    /// <summary>Gets the per-attribute entropy and coverage; <see langword="null"/> without a schema and attributes.</summary>
    public IReadOnlyList<AttributeDistribution>? AttributeDistributions { get; init; }

    /// <summary>Gets the combination coverage; <see langword="null"/> without a schema and attributes.</summary>
    public CombinationCoverageResult? CombinationCoverage { get; init; }

    /// <summary>Gets the near-duplicate rate; <see langword="null"/> without embeddings.</summary>
    public NearDuplicateResult? NearDuplicates { get; init; }

    /// <summary>Gets the Vendi score of the synthetic embeddings.</summary>
    public required MetricValue VendiScore { get; init; }

    /// <summary>Gets the mode-seeking ratio and sensitivities; <see langword="null"/> without embeddings, schema or attributes.</summary>
    public ModeSeekingResult? ModeSeeking { get; init; }

    /// <summary>Gets MMD^2 between synthetic and real embeddings; <see langword="null"/> without both.</summary>
    public MmdResult? Mmd { get; init; }

    /// <summary>Gets the real-versus-synthetic classifier AUROC and coverage holes; <see langword="null"/> without both embeddings.</summary>
    public RealVsSyntheticResult? RealVsSynthetic { get; init; }

    /// <summary>Gets the downstream-usefulness evaluation; <see langword="null"/> without labeled embeddings on both sides.</summary>
    public DownstreamResult? Downstream { get; init; }

    /// <summary>Gets why the optional groups above are missing (for example "no real examples").</summary>
    public required IReadOnlyDictionary<string, string> Skipped { get; init; }

    /// <summary>
    /// Flattens the report into snake_case metric names (unique, stable, ready for a critique's metrics):
    /// <c>distinct_1..3</c>, <c>self_bleu_4</c>, <c>entropy_&lt;attribute&gt;</c>, <c>coverage_&lt;attribute&gt;</c>,
    /// <c>combination_coverage</c>, <c>near_duplicate_rate</c>, <c>vendi_score</c>, <c>mode_seeking_ratio</c>,
    /// <c>sensitivity_&lt;attribute&gt;</c>, <c>mmd_squared</c>, <c>coverage_auroc</c>,
    /// <c>downstream_&lt;condition&gt;_{accuracy,macro_f1,worst_class_f1}</c>. Groups whose input was missing appear as
    /// "not measured" with the reason.
    /// </summary>
    /// <returns>The named values.</returns>
    public IReadOnlyDictionary<string, MetricValue> ToMetrics()
    {
        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal)
        {
            ["distinct_1"] = Distinct1,
            ["distinct_2"] = Distinct2,
            ["distinct_3"] = Distinct3,
            ["self_bleu_4"] = SelfBleu.Value,
        };
        MetricValue Missing(string group) => MetricValue.NotMeasured(Skipped.TryGetValue(group, out string? reason) ? reason : "not computed");

        if (AttributeDistributions is not null)
        {
            foreach (var distribution in AttributeDistributions)
            {
                metrics["entropy_" + SnakeCase(distribution.Attribute)] = distribution.NormalizedEntropy;
                metrics["coverage_" + SnakeCase(distribution.Attribute)] = distribution.Coverage;
            }
        }

        metrics["combination_coverage"] = CombinationCoverage?.Coverage ?? Missing(DatasetMetrics.AttributesGroup);
        metrics["near_duplicate_rate"] = NearDuplicates?.Rate ?? Missing(DatasetMetrics.EmbeddingsGroup);
        metrics["vendi_score"] = VendiScore;
        metrics["mode_seeking_ratio"] = ModeSeeking?.Ratio ?? Missing(DatasetMetrics.ModeSeekingGroup);
        if (ModeSeeking is not null)
        {
            foreach (var (attribute, value) in ModeSeeking.Sensitivity)
            {
                metrics["sensitivity_" + SnakeCase(attribute)] = value;
            }
        }

        metrics["mmd_squared"] = Mmd?.MmdSquared ?? Missing(DatasetMetrics.RealGroup);
        metrics["coverage_auroc"] = RealVsSynthetic?.Auroc ?? Missing(DatasetMetrics.RealGroup);
        if (Downstream is not null)
        {
            foreach (var condition in Downstream.Conditions)
            {
                metrics[$"downstream_{condition.Name}_accuracy"] = condition.Report.Accuracy;
                metrics[$"downstream_{condition.Name}_macro_f1"] = condition.Report.MacroF1;
                metrics[$"downstream_{condition.Name}_worst_class_f1"] = condition.Report.WorstClassF1;
            }
        }
        else
        {
            metrics[$"downstream_{DownstreamEvaluation.SyntheticOnly}_macro_f1"] = Missing(DatasetMetrics.DownstreamGroup);
        }

        return metrics;
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name.Trim())
        {
            builder.Append(char.IsLetterOrDigit(c) ? char.ToLower(c, CultureInfo.InvariantCulture) : '_');
        }

        return builder.ToString();
    }
}
