using System.Globalization;
using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

/// <summary>The paper's protocol (<c>--eval full</c>) and cost table (role by level, the held-out evaluation included).</summary>
public sealed class OptimizeCostTests : IDisposable
{
    private static readonly string Datasets = Path.Combine(AppContext.BaseDirectory, "TestData");
    private readonly string _root = Directory.CreateTempSubdirectory("pf-cost-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static JsonObject Manifest(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!.AsObject();

    private string SingleRun() => Directory.GetDirectories(Path.Combine(_root, "runs")).Single(d => !Path.GetFileName(d).StartsWith('.'));

    [Fact]
    public async Task Optimize_EvalFull_EvaluatesOnEveryExampleButTheGeneratorsExemplars()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("optimize", "bbh:causal_judgement", "--datasets", Datasets, "--levels", "1", "--seed", "3", "--eval", "full");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        cli.Out.ToString().ShouldContain("Protocol: full (the paper's)");
        string run = SingleRun();
        JsonObject extras = Manifest(run)["extras"]!.AsObject();
        extras["evaluation_protocol"]!["mode"]!.GetValue<string>().ShouldBe("full");
        extras["evaluations"]!["optimized"]!["n"]!.GetValue<int>().ShouldBe(28, "30 examples minus the 2 exemplars");
        JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!["sipdo"]!["real_examples"]!.GetValue<int>().ShouldBe(2, "the loop sees only the exemplars");

        // Every generator request showed exemplars; none of them was evaluated.
        var exemplars = File.ReadAllLines(Path.Combine(run, "evaluation", "held_out.jsonl"))
            .Select(l => JsonNode.Parse(l)!["item"]!["sample_id"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        exemplars.Count.ShouldBe(28);
        string description = extras["evaluation_protocol"]!["description"]!.GetValue<string>();
        var shown = description[(description.IndexOf('(', StringComparison.Ordinal) + 1)..description.LastIndexOf(')')].Split(", ");
        shown.Length.ShouldBe(2);
        shown.ShouldAllBe(id => !exemplars.Contains(id));
    }

    [Fact]
    public async Task Optimize_CostTable_RowsSumToTotalsWithTheHeldOutEvaluationCounted()
    {
        File.WriteAllText(Path.Combine(_root, "prices.yaml"), "currency: USD\nmodels:\n  simulator: { input: 1.00, output: 2.00 }\n");
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("optimize", "bbh:causal_judgement", "--datasets", Datasets, "--levels", "2", "--seed", "3", "--prices", "prices.yaml");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        cli.Out.ToString().ShouldContain("Cost by level and role");
        JsonObject manifest = Manifest(SingleRun());
        JsonObject table = manifest["extras"]!["cost_table"]!.AsObject();
        var rows = table["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var heldOut = rows.Where(r => r["level"]!.GetValue<string>() == "held-out").ToList();
        heldOut.ShouldHaveSingleItem()["role"]!.GetValue<string>().ShouldBe("sipdo.task");
        heldOut[0]["calls"]!.GetValue<long>().ShouldBe(4 * 9, "four prompts on the nine held-out examples");
        rows.Select(r => r["level"]!.GetValue<string>()).ShouldContain("1");
        rows.Select(r => r["level"]!.GetValue<string>()).ShouldContain("2");

        JsonObject total = table["total"]!.AsObject();
        foreach (string column in new[] { "calls", "input_tokens", "output_tokens" })
        {
            total[column]!.GetValue<long>().ShouldBe(rows.Sum(r => r[column]!.GetValue<long>()), column);
        }

        decimal cost = total["cost"]!.GetValue<decimal>();
        cost.ShouldBe(rows.Sum(r => r["cost"]!.GetValue<decimal>()));
        cost.ShouldBe((total["input_tokens"]!.GetValue<long>() * 1.00m + total["output_tokens"]!.GetValue<long>() * 2.00m) / 1_000_000m);

        // The manifest's usage counts the held-out evaluation too.
        manifest["usage"]!["total"]!["calls"]!.GetValue<long>().ShouldBe(total["calls"]!.GetValue<long>());
        manifest["usage"]!["by_role"]!["sipdo.task"]!["calls"]!.GetValue<long>().ShouldBe(rows.Where(r => r["role"]!.GetValue<string>() == "sipdo.task").Sum(r => r["calls"]!.GetValue<long>()));

        (await cli.RunAsync("report", SingleRun())).ShouldBe(ExitCodes.Success);
        string report = File.ReadAllText(Path.Combine(SingleRun(), "report.html"));
        report.ShouldContain("SIPDO protocol and cost");
        report.ShouldContain("<td>held-out</td>");
        report.ShouldContain("Protocol: split");
    }

    [Fact]
    public async Task Estimate_Optimize_AgreesWithTheRunsCostTableWithinTenPercent()
    {
        var estimate = new CliHarness(_root);
        int estimated = await estimate.RunAsync("estimate", "optimize", "bbh:causal_judgement", "--datasets", Datasets, "--levels", "3", "--seed", "5");
        estimated.ShouldBe(ExitCodes.Success, estimate.Error.ToString() + estimate.Out);
        var cli = new CliHarness(_root);
        int exit = await cli.RunAsync("optimize", "bbh:causal_judgement", "--datasets", Datasets, "--levels", "3", "--seed", "5");
        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);

        var totalRow = estimate.Out.ToString().Split('\n').Single(l => l.TrimStart().StartsWith("total", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Number(string text) => long.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        JsonObject total = Manifest(SingleRun())["extras"]!["cost_table"]!["total"]!.AsObject();
        foreach (var (column, index) in new[] { ("calls", 1), ("input_tokens", 2), ("output_tokens", 3) })
        {
            long measured = total[column]!.GetValue<long>();
            long expected = Number(totalRow[index]);
            Math.Abs(expected - measured).ShouldBeLessThanOrEqualTo(measured / 10, $"{column}: estimate {expected}, run {measured}");
        }
    }
}
