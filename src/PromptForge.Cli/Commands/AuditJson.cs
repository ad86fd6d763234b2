using System.Text.Json.Nodes;
using PromptForge.Evaluation;

namespace PromptForge.Cli.Commands;

/// <summary>
/// audit.json: the <see cref="AuditReport"/> as snake_case JSON. A figure that was not measured is <c>null</c> and its
/// reason is listed under <c>not_measured</c> (keyed by the figure's path), never a made-up 0.
/// </summary>
internal static class AuditJson
{
    public const string FileName = "audit.json";

    public static JsonObject ToJson(AuditReport report)
    {
        var notMeasured = new JsonObject();
        JsonNode? M(string path, MetricValue value)
        {
            if (value.Value is { } v)
            {
                return Math.Round(v, 6);
            }

            notMeasured[path] = value.NotMeasuredReason ?? "not measured";
            return null;
        }

        JsonObject Condition(string prefix, AuditCondition c)
        {
            string p = $"{prefix}.{c.Name}";
            var perClass = new JsonObject();
            foreach ((string label, MetricValue f1) in c.Report.PerClassF1.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                perClass[label] = M($"{p}.per_class_f1.{label}", f1);
            }

            return new JsonObject
            {
                ["train_size"] = c.TrainSize,
                ["accuracy"] = M(p + ".accuracy", c.Report.Accuracy),
                ["accuracy_ci"] = Interval(p + ".accuracy_ci", c.Intervals.Accuracy),
                ["macro_f1"] = M(p + ".macro_f1", c.Report.MacroF1),
                ["macro_f1_ci"] = Interval(p + ".macro_f1_ci", c.Intervals.MacroF1),
                ["worst_class_f1"] = M(p + ".worst_class_f1", c.Report.WorstClassF1),
                ["worst_class_f1_ci"] = Interval(p + ".worst_class_f1_ci", c.Intervals.WorstClassF1),
                ["worst_class"] = c.Report.WorstClass,
                ["per_class_f1"] = perClass,
                ["not_trained_reason"] = c.NotTrainedReason,
            };
        }

        JsonArray Interval(string path, MetricInterval interval) => [M(path + "[0]", interval.Low), M(path + "[1]", interval.High)];

        var downstream = new JsonObject();
        foreach (AuditCondition c in report.Downstream)
        {
            downstream[c.Name] = Condition("downstream", c);
        }

        var comparisons = new JsonArray();
        foreach (ConditionComparisonResult c in report.Comparisons)
        {
            string p = $"comparisons.{c.First}-{c.Second}";
            comparisons.Add(new JsonObject
            {
                ["first"] = c.First,
                ["second"] = c.Second,
                ["metric"] = c.Metric == ComparisonMetric.Accuracy ? "accuracy" : "macro_f1",
                ["difference"] = M(p + ".difference", c.Difference),
                ["ci"] = new JsonArray(M(p + ".ci[0]", c.ConfidenceLow), M(p + ".ci[1]", c.ConfidenceHigh)),
                ["p_value"] = M(p + ".p_value", c.PValue),
            });
        }

        var sweep = new JsonArray();
        foreach (AuditSweepPoint point in report.Sweep)
        {
            sweep.Add(new JsonObject
            {
                ["per_class"] = point.PerClass,
                ["n_real"] = point.RealSize,
                ["repeats"] = point.Repeats,
                ["real_only_macro_f1"] = Round(point.RealOnlyMacroF1),
                ["real_plus_synthetic_macro_f1"] = Round(point.RealPlusSyntheticMacroF1),
                ["real_only_worst_class_f1"] = Round(point.RealOnlyWorstClassF1),
                ["real_plus_synthetic_worst_class_f1"] = Round(point.RealPlusSyntheticWorstClassF1),
            });
        }

        JsonObject Diversity(string p, AuditDiversity d) => new()
        {
            ["count"] = d.Count,
            ["subsample_size"] = d.SubsampleSize,
            ["vendi_score"] = M(p + ".vendi_score", d.Vendi),
            ["distinct_1"] = M(p + ".distinct_1", d.Distinct1),
            ["distinct_2"] = M(p + ".distinct_2", d.Distinct2),
            ["distinct_3"] = M(p + ".distinct_3", d.Distinct3),
            ["self_bleu_4"] = M(p + ".self_bleu_4", d.SelfBleu4),
            ["near_duplicate_rate"] = M(p + ".near_duplicate_rate", d.NearDuplicateRate),
        };

        var spaces = new JsonObject();
        foreach (AuditFeatureSpace s in report.Spaces)
        {
            string p = "feature_spaces." + s.Name;
            spaces[s.Name] = new JsonObject
            {
                ["dimensions"] = s.Dimensions,
                ["mmd2"] = M(p + ".mmd2", s.Mmd.MmdSquared),
                ["mmd2_real_vs_real"] = M(p + ".mmd2_real_vs_real", s.NullMmd.MmdSquared),
                ["auroc"] = M(p + ".auroc", s.Auroc.Auroc),
                ["auroc_real_vs_real"] = M(p + ".auroc_real_vs_real", s.NullAuroc.Auroc),
                ["near_duplicate_rate"] = M(p + ".near_duplicate_rate", s.NearDuplicates.Rate),
            };
        }

        var json = new JsonObject
        {
            ["run_id"] = report.RunId,
            ["simulated"] = report.Simulated,
            ["embeddings"] = report.Embeddings,
            ["synthetic_count"] = report.SyntheticCount,
            ["real_train_count"] = report.RealTrainCount,
            ["test_count"] = report.TestCount,
            ["test_source"] = report.TestSource,
            ["downstream"] = downstream,
            ["comparisons"] = comparisons,
            ["n_real_sweep"] = sweep,
            ["diversity"] = new JsonObject { ["synthetic"] = Diversity("diversity.synthetic", report.SyntheticDiversity), ["real"] = Diversity("diversity.real", report.RealDiversity) },
            ["feature_spaces"] = spaces,
        };
        if (report.Ensemble is { } ensemble)
        {
            var members = new JsonObject();
            foreach (AuditCondition member in ensemble.Members)
            {
                members[member.Name] = Condition("ensemble", member);
            }

            json["ensemble"] = new JsonObject { ["test_source"] = ensemble.TestSource, ["test_count"] = ensemble.TestCount, ["members"] = members };
        }

        json["not_measured"] = notMeasured;
        return json;
    }

    private static JsonNode? Round(double? value) => value is { } v ? Math.Round(v, 6) : null;
}
