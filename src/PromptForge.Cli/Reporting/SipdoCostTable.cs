using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PromptForge.Cli.Estimation;
using PromptForge.Cli.Hosting;
using PromptForge.Sipdo;
using Spectre.Console;
using static PromptForge.Cli.Hosting.CommandRunner;

namespace PromptForge.Cli.Reporting;

/// <summary>One row of a SIPDO cost table: one role in one level (or the held-out evaluation).</summary>
/// <param name="Role">The role tag.</param>
/// <param name="Level">The level ("1", "2", ...), "p*" for the selection round, or "held-out".</param>
/// <param name="Calls">Model calls, cached ones included.</param>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="Cost">The billed cost from the price table, when the role's model has a price.</param>
/// <param name="CallSeconds">The summed latency of the calls (concurrent calls overlap: this is not wall time).</param>
internal sealed record CostTableRow(string Role, string Level, long Calls, long InputTokens, long OutputTokens, decimal? Cost, double CallSeconds);

/// <summary>
/// The paper's per-task cost (its Tables 5 and 6): calls, tokens, dollars and time per role and level, the held-out
/// evaluation as its own rows, all counted in the totals. Printed at the end of <c>optimize</c>, saved in the manifest
/// (<c>extras.cost_table</c>) and shown in the report.
/// </summary>
internal sealed class SipdoCostTable
{
    public const string Extra = "cost_table";
    public const string HeldOutLevel = "held-out";

    public required IReadOnlyList<CostTableRow> Rows { get; init; }

    public string? Currency { get; init; }

    /// <summary>Gets the run's wall time plus the held-out evaluation's.</summary>
    public double WallSeconds { get; init; }

    public long Calls => Rows.Sum(r => r.Calls);

    public long InputTokens => Rows.Sum(r => r.InputTokens);

    public long OutputTokens => Rows.Sum(r => r.OutputTokens);

    /// <summary>Gets the total cost when every row with calls has a price.</summary>
    public decimal? Cost => Rows.All(r => r.Cost is not null || r.Calls == 0) && Rows.Any(r => r.Cost is not null) ? Rows.Sum(r => r.Cost ?? 0) : null;

    /// <param name="run">The loop's result (its usage by iteration and role).</param>
    /// <param name="heldOut">The held-out evaluation's usage, or <see langword="null"/> when none ran.</param>
    /// <param name="heldOutWall">The held-out evaluation's wall time.</param>
    /// <param name="modelForRole">The model of a role tag, to price it.</param>
    /// <param name="prices">The price table, if any.</param>
    public static SipdoCostTable Build(RunResult run, UsageSnapshot? heldOut, TimeSpan heldOutWall, Func<string, string?> modelForRole, PriceTable? prices)
    {
        var levels = run.MetricHistory.ToDictionary(h => h.Iteration, LevelName);
        var rows = run.Usage.ByIterationAndRole
            .SelectMany(i => i.Value.Select(r => (Level: levels.GetValueOrDefault(i.Key) ?? IterationName(i.Key), Role: r.Key, Totals: r.Value)))
            .Concat((heldOut?.ByRole ?? new Dictionary<string, UsageTotals>()).Select(r => (Level: HeldOutLevel, Role: r.Key, Totals: r.Value)))
            .GroupBy(r => (r.Level, r.Role))
            .Select(g =>
            {
                var totals = new UsageTotals();
                foreach (var (_, _, t) in g)
                {
                    totals.Add(t);
                }

                return Row(g.Key.Role, g.Key.Level, totals, modelForRole, prices);
            })
            .OrderBy(r => LevelOrder(r.Level))
            .ThenBy(r => r.Level, StringComparer.Ordinal)
            .ThenBy(r => r.Role, StringComparer.Ordinal)
            .ToList();
        return new SipdoCostTable { Rows = rows, Currency = prices?.Currency, WallSeconds = (run.WallTime + heldOutWall).TotalSeconds };
    }

    public JsonObject ToJson() => new()
    {
        ["currency"] = Currency,
        ["wall_seconds"] = Math.Round(WallSeconds, 3),
        ["total"] = new JsonObject
        {
            ["calls"] = Calls,
            ["input_tokens"] = InputTokens,
            ["output_tokens"] = OutputTokens,
            ["cost"] = Cost,
        },
        ["rows"] = new JsonArray(Rows.Select(r => (JsonNode)new JsonObject
        {
            ["role"] = r.Role,
            ["level"] = r.Level,
            ["calls"] = r.Calls,
            ["input_tokens"] = r.InputTokens,
            ["output_tokens"] = r.OutputTokens,
            ["cost"] = r.Cost,
            ["call_seconds"] = Math.Round(r.CallSeconds, 3),
        }).ToArray()),
    };

    /// <summary>Reads the table saved in a manifest; <see langword="null"/> when absent or not readable.</summary>
    public static SipdoCostTable? FromJson(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        static decimal? Money(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;
        static long Long(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
        static double Double(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
        static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "?";
        return new SipdoCostTable
        {
            Rows = rows.EnumerateArray().Select(r => new CostTableRow(Text(r, "role"), Text(r, "level"), Long(r, "calls"), Long(r, "input_tokens"), Long(r, "output_tokens"), Money(r, "cost"), Double(r, "call_seconds"))).ToList(),
            Currency = json.TryGetProperty("currency", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null,
            WallSeconds = Double(json, "wall_seconds"),
        };
    }

    public void Write(IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("level").AddColumn("role")
            .AddColumn(new TableColumn("calls").RightAligned())
            .AddColumn(new TableColumn("input tokens").RightAligned())
            .AddColumn(new TableColumn("output tokens").RightAligned())
            .AddColumn(new TableColumn("cost").RightAligned())
            .AddColumn(new TableColumn("call time").RightAligned());
        foreach (var row in Rows)
        {
            table.AddRow(Esc(row.Level), Esc(row.Role), Display.Count(row.Calls), Display.Count(row.InputTokens), Display.Count(row.OutputTokens), Money(row.Cost), Seconds(row.CallSeconds));
        }

        table.AddRow("[bold]total[/]", string.Empty, Display.Count(Calls), Display.Count(InputTokens), Display.Count(OutputTokens), Money(Cost), $"wall {Seconds(WallSeconds)}");
        console.MarkupLine("[bold]Cost[/] by level and role (the held-out evaluation included):");
        console.Write(table);
        if (Currency is null)
        {
            console.MarkupLine("No price table given: add --prices <file> (per 1M tokens per model) for cost.");
        }
    }

    private string Money(decimal? cost) => cost is { } c && Currency is not null ? HtmlReportWriter.Money(c, Currency) : "—";

    private static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static CostTableRow Row(string role, string level, UsageTotals totals, Func<string, string?> modelForRole, PriceTable? prices)
    {
        // Cached calls were not billed; the ledger's token counts include them.
        decimal billedShare = totals.Calls == 0 ? 0 : (decimal)(totals.Calls - totals.CachedCalls) / totals.Calls;
        return new CostTableRow(role, level, totals.Calls, totals.InputTokens, totals.OutputTokens, prices?.Cost(modelForRole(role), totals.InputTokens, totals.OutputTokens) * billedShare, totals.Latency.TotalSeconds);
    }

    private static string LevelName(IterationRecord iteration) => iteration.Level switch
    {
        { } step when SipdoCurricula.IsSelection(step) => "p*",
        { } step => step.Level.ToString(CultureInfo.InvariantCulture),
        null => IterationName(iteration.Iteration),
    };

    private static string IterationName(int iteration) =>
        iteration == 0 ? "outside rounds" : string.Create(CultureInfo.InvariantCulture, $"round {iteration} (not completed)");

    private static int LevelOrder(string level) =>
        int.TryParse(level, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : level == "p*" ? int.MaxValue - 2 : level == HeldOutLevel ? int.MaxValue : int.MaxValue - 1;
}
