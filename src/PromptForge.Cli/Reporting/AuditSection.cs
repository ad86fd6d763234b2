using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PromptForge.Cli.Reporting;

/// <summary>The report's audit section, rendered from the run's audit.json (written by <c>promptforge audit</c>).</summary>
internal static class AuditSection
{
    public static void Append(StringBuilder html, JsonObject? audit)
    {
        if (audit is null)
        {
            return;
        }

        html.Append("<section class=\"audit\"><h2>Audit</h2><p class=\"subtitle\">")
            .Append(E($"{Int(audit["synthetic_count"])} synthetic, {Int(audit["real_train_count"])} real training and {Int(audit["test_count"])} test examples ({Str(audit["test_source"])}); embeddings {Str(audit["embeddings"])}."));
        if (audit["simulated"]?.GetValue<bool>() == true)
        {
            html.Append(" SIMULATED: the synthetic samples come from the offline simulator.");
        }

        html.Append("</p><h3>Downstream on the real test set (95% bootstrap intervals)</h3>");
        AppendConditions(html, audit["downstream"] as JsonObject, "Condition");

        html.Append("<h3>n_real sweep (macro F1 / worst-class F1)</h3><table><tr><th class=\"num\">Per class</th><th class=\"num\">n_real</th><th class=\"num\">Real only</th><th class=\"num\">Real + synthetic</th></tr>");
        foreach (JsonNode? point in audit["n_real_sweep"] as JsonArray ?? [])
        {
            html.Append("<tr><td class=\"num\">").Append(Int(point?["per_class"])).Append("</td><td class=\"num\">").Append(Int(point?["n_real"]))
                .Append("</td><td class=\"num\">").Append(Num(point?["real_only_macro_f1"])).Append(" / ").Append(Num(point?["real_only_worst_class_f1"]))
                .Append("</td><td class=\"num\">").Append(Num(point?["real_plus_synthetic_macro_f1"])).Append(" / ").Append(Num(point?["real_plus_synthetic_worst_class_f1"])).Append("</td></tr>");
        }

        html.Append("</table><h3>Diversity (synthetic vs real)</h3><table><tr><th>Metric</th><th class=\"num\">Synthetic</th><th class=\"num\">Real</th></tr>");
        JsonNode? synthetic = audit["diversity"]?["synthetic"], real = audit["diversity"]?["real"];
        foreach (string metric in new[] { "vendi_score", "distinct_1", "distinct_2", "distinct_3", "self_bleu_4", "near_duplicate_rate" })
        {
            html.Append("<tr><td class=\"mono\">").Append(metric).Append("</td><td class=\"num\">").Append(Num(synthetic?[metric])).Append("</td><td class=\"num\">").Append(Num(real?[metric])).Append("</td></tr>");
        }

        html.Append("</table><h3>Realism per feature space (real vs real: the null reference)</h3><table><tr><th>Space</th><th class=\"num\">MMD²</th><th class=\"num\">real vs real</th><th class=\"num\">AUROC</th><th class=\"num\">real vs real</th><th class=\"num\">Near-duplicate rate</th></tr>");
        foreach ((string name, JsonNode? space) in audit["feature_spaces"] as JsonObject ?? [])
        {
            html.Append("<tr><td class=\"mono\">").Append(E(name)).Append("</td><td class=\"num\">").Append(Num(space?["mmd2"], "0.0000")).Append("</td><td class=\"num\">").Append(Num(space?["mmd2_real_vs_real"], "0.0000"))
                .Append("</td><td class=\"num\">").Append(Num(space?["auroc"])).Append("</td><td class=\"num\">").Append(Num(space?["auroc_real_vs_real"]))
                .Append("</td><td class=\"num\">").Append(Num(space?["near_duplicate_rate"])).Append("</td></tr>");
        }

        html.Append("</table>");
        if (audit["ensemble"] is JsonObject ensemble)
        {
            html.Append("<h3>Cross-run ensemble (").Append(E($"{Int(ensemble["test_count"])} test examples")).Append(")</h3>");
            AppendConditions(html, ensemble["members"] as JsonObject, "Member");
        }

        html.Append("</section>");
    }

    private static void AppendConditions(StringBuilder html, JsonObject? conditions, string header)
    {
        html.Append("<table><tr><th>").Append(header).Append("</th><th class=\"num\">Train</th><th class=\"num\">Accuracy</th><th class=\"num\">Macro F1</th><th class=\"num\">Worst-class F1</th></tr>");
        foreach ((string name, JsonNode? c) in conditions ?? [])
        {
            html.Append("<tr><td class=\"mono\">").Append(E(name)).Append("</td><td class=\"num\">").Append(Int(c?["train_size"]))
                .Append("</td><td class=\"num\">").Append(WithInterval(c, "accuracy")).Append("</td><td class=\"num\">").Append(WithInterval(c, "macro_f1"))
                .Append("</td><td class=\"num\">").Append(WithInterval(c, "worst_class_f1"));
            if (c?["worst_class"] is JsonValue worst)
            {
                html.Append(" <span class=\"attrs\">").Append(E(worst.ToString())).Append("</span>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static string WithInterval(JsonNode? condition, string metric) =>
        condition?[metric + "_ci"] is JsonArray { Count: 2 } ci
            ? $"{Num(condition[metric])} <span class=\"attrs\">[{Num(ci[0])}, {Num(ci[1])}]</span>"
            : Num(condition?[metric]);

    private static string Num(JsonNode? node, string format = "0.000") =>
        node is JsonValue value && value.TryGetValue(out double v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/m";

    private static string Int(JsonNode? node) => node is JsonValue value && value.TryGetValue(out int v) ? v.ToString(CultureInfo.InvariantCulture) : "—";

    private static string Str(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : "—";

    private static string E(string text) => HtmlReportWriter.E(text);
}
