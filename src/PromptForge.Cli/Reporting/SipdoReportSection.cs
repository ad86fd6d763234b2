using System.Globalization;
using System.Net;
using System.Text;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Runs;

namespace PromptForge.Cli.Reporting;

/// <summary>The report's SIPDO section: the held-out protocol, the quarantined items and the cost table by level and role.</summary>
internal static class SipdoReportSection
{
    public static void Append(StringBuilder html, RunSnapshot run)
    {
        if (run.EvaluationProtocol is null && run.Quarantined.Count == 0 && run.CostTable is null)
        {
            return;
        }

        html.Append("<h2>SIPDO protocol and cost</h2>");
        if (run.EvaluationProtocol is { } protocol)
        {
            html.Append("<p>").Append(E(protocol)).Append("</p>");
        }

        if (run.Quarantined.Count > 0)
        {
            html.Append("<p>").Append(run.Quarantined.Count.ToString(CultureInfo.InvariantCulture))
                .Append(" synthetic item(s) quarantined: no repair fixed them and the verifiers, shown the task model's answer, no longer supported the label. They stay in the samples and are left out of coverage.</p><ul>");
            foreach (var (id, reason) in run.Quarantined)
            {
                html.Append("<li><span class=\"mono\">").Append(E(id)).Append("</span>: ").Append(E(reason)).Append("</li>");
            }

            html.Append("</ul>");
        }

        if (run.CostTable is not { } table)
        {
            return;
        }

        html.Append("<table><tr><th>Level</th><th>Role</th><th class=\"num\">Calls</th><th class=\"num\">Input tokens</th><th class=\"num\">Output tokens</th><th class=\"num\">Cost</th><th class=\"num\">Call time</th></tr>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr><td>").Append(E(row.Level)).Append("</td><td class=\"mono\">").Append(E(row.Role))
                .Append("</td><td class=\"num\">").Append(Display.Count(row.Calls)).Append("</td><td class=\"num\">").Append(Display.Count(row.InputTokens))
                .Append("</td><td class=\"num\">").Append(Display.Count(row.OutputTokens)).Append("</td><td class=\"num\">").Append(Money(row.Cost, table.Currency))
                .Append("</td><td class=\"num\">").Append(Seconds(row.CallSeconds)).Append("</td></tr>");
        }

        html.Append("<tr><td><strong>Total</strong></td><td></td><td class=\"num\"><strong>").Append(Display.Count(table.Calls)).Append("</strong></td><td class=\"num\">")
            .Append(Display.Count(table.InputTokens)).Append("</td><td class=\"num\">").Append(Display.Count(table.OutputTokens)).Append("</td><td class=\"num\"><strong>")
            .Append(Money(table.Cost, table.Currency)).Append("</strong></td><td class=\"num\">wall ").Append(Seconds(table.WallSeconds)).Append("</td></tr></table>");
    }

    private static string Money(decimal? cost, string? currency) => cost is { } c && currency is not null ? HtmlReportWriter.Money(c, currency) : "—";

    private static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
