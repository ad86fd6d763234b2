using System.Globalization;
using PromptForge.Cli.Reporting;
using Spectre.Console;
using static PromptForge.Cli.Hosting.CommandRunner;

using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Estimation;

/// <summary>Prints an estimate: per role calls, tokens and cost (expected and upper bound), and how it was obtained.</summary>
internal static class EstimateWriter
{
    public static void Write(IAnsiConsole console, IReadOnlyList<RoleEstimate> rows, PriceTable? prices, int maxIterations)
    {
        console.MarkupLine($"[bold]Estimate[/] for up to {maxIterations} iterations (nothing was sent to any model).");
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("role").AddColumn("model")
            .AddColumn(new TableColumn("calls").RightAligned())
            .AddColumn(new TableColumn("input tokens").RightAligned())
            .AddColumn(new TableColumn("output tokens").RightAligned())
            .AddColumn(new TableColumn("output cap").RightAligned())
            .AddColumn(new TableColumn("cost").RightAligned())
            .AddColumn(new TableColumn("cost at cap").RightAligned());
        foreach (RoleEstimate row in rows)
        {
            table.AddRow(Esc(row.RoleTag), Esc(row.Model), Display.Count(row.Calls), Display.Count(row.InputTokens), Display.Count(row.OutputTokens), Display.Count(row.MaxOutputTokens),
                Cost(row.ExpectedCost, prices), Cost(row.MaxCost, prices));
        }

        decimal? expected = Sum(rows.Select(r => r.ExpectedCost));
        decimal? max = Sum(rows.Select(r => r.MaxCost));
        table.AddRow("[bold]total[/]", string.Empty, Display.Count(rows.Sum(r => r.Calls)), Display.Count(rows.Sum(r => r.InputTokens)), Display.Count(rows.Sum(r => r.OutputTokens)),
            Display.Count(rows.Sum(r => r.MaxOutputTokens)), Cost(expected, prices), Cost(max, prices));
        console.Write(table);

        console.MarkupLine("How: the same loop was dry-run offline on the simulator. Calls and input tokens come from the real prompts;");
        console.MarkupLine("output tokens are the simulator's answer sizes, and 'output cap' assumes every answer uses its max-token limit.");
        console.MarkupLine("Tokens are counted with the model family's tokenizer (o200k_base, cl100k_base; characters / 4 for other families). Real runs vary: rewrites and repair rounds depend on the model's answers.");
        if (prices is null)
        {
            console.MarkupLine("No price table given: add --prices <file> (per 1M tokens per model) for cost.");
        }
        else if (rows.Any(r => r.ExpectedCost is null))
        {
            console.MarkupLine($"[yellow]No price for: {Esc(string.Join(", ", rows.Where(r => r.ExpectedCost is null).Select(r => r.Model).Distinct()))}; those rows are not in the total.[/]");
        }
    }

    private static decimal? Sum(IEnumerable<decimal?> costs)
    {
        decimal?[] known = costs.Where(c => c.HasValue).ToArray();
        return known.Length == 0 ? null : known.Sum();
    }

    private static string Cost(decimal? cost, PriceTable? prices) => cost is { } c && prices is not null ? HtmlReportWriter.Money(c, prices.Currency) : "—";

}
