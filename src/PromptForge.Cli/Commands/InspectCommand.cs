using System.CommandLine;
using System.Globalization;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Reporting;
using PromptForge.Cli.Runs;
using Spectre.Console;
using static PromptForge.Cli.Hosting.CommandRunner;

namespace PromptForge.Cli.Commands;

/// <summary><c>promptforge inspect &lt;run-dir&gt;</c>: status, metric history, prompt versions with diffs, usage.</summary>
internal static class InspectCommand
{
    private const int MaxIterationColumns = 12;

    public static Command Create(CliEnvironment environment)
    {
        var runDirectory = new Argument<string>("run-dir") { Description = "The run folder (runs/<run-id>)." };
        var command = new Command("inspect", "Show a run's status, metric history, prompt versions with diffs, and usage.") { runDirectory };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(
            environment, token => ExecuteAsync(environment, result.GetRequiredValue(runDirectory), token), cancellationToken));
        return command;
    }

    public static async Task<int> ExecuteAsync(CliEnvironment environment, string runDirectory, CancellationToken cancellationToken)
    {
        RunLocation location = RunLocation.Open(environment.ResolvePath(runDirectory), runDirectory);
        RunSnapshot run = await RunFolderReader.ReadAsync(location, cancellationToken).ConfigureAwait(false);
        IAnsiConsole console = environment.Console;

        console.MarkupLine($"[bold]Run {Esc(run.RunId)}[/]  status: [bold]{Esc(run.Status)}[/]");
        console.MarkupLine($"Provider: {Esc(run.ProviderDescription ?? "not recorded")}");
        if (run.Simulated)
        {
            console.MarkupLine("[yellow]SIMULATED: every model output in this run came from the offline simulator, not a language model.[/]");
        }

        if (run.Error is not null)
        {
            console.MarkupLine($"[red]Error: {Esc(run.Error)}[/]");
        }

        console.MarkupLine($"Iterations: {run.Iterations.Count} · prompt versions: {run.Prompts.Count} · best: {Version(run.BestPromptVersion)} · final: {Version(run.FinalPromptVersion)}");
        foreach (EvaluationSnapshot evaluation in run.Evaluations)
        {
            console.MarkupLine($"Held-out {Esc(evaluation.Name)}: {evaluation.Accuracy:P1}"
                + (evaluation.IntervalLow is { } lo && evaluation.IntervalHigh is { } hi ? $" (95% CI {lo:P1}–{hi:P1})" : string.Empty)
                + (evaluation.SampleSize is { } n ? $", n={n}" : string.Empty));
        }

        WriteMetricHistory(console, run);
        WritePrompts(console, run);
        WriteUsage(console, run);
        return ExitCodes.Success;
    }

    private static void WriteMetricHistory(IAnsiConsole console, RunSnapshot run)
    {
        console.WriteLine();
        console.MarkupLine("[bold]Metric history[/]");
        if (run.Iterations.Count == 0)
        {
            console.WriteLine("  no iterations recorded");
            return;
        }

        // Metrics as rows and iterations as columns: runs have few iterations and many metrics.
        IReadOnlyList<IterationSnapshot> shown = run.Iterations.TakeLast(MaxIterationColumns).ToList();
        var table = new Table().Border(TableBorder.Simple).AddColumn("metric");
        foreach (IterationSnapshot iteration in shown)
        {
            table.AddColumn(new TableColumn($"it {iteration.Iteration}").RightAligned());
        }

        table.AddRow(["prompt", .. shown.Select(i => Version(i.PromptVersion))]);
        table.AddRow(["decision", .. shown.Select(i => Esc(i.Decision ?? "—"))]);
        if (shown.Any(i => i.Gate is not null))
        {
            table.AddRow(["gate", .. shown.Select(i => Esc(i.GateVerdict ?? "—"))]);
        }
        foreach (string name in run.MetricNames)
        {
            table.AddRow([Esc(name), .. shown.Select(i => i.Metrics.TryGetValue(name, out MetricValue m) && m.IsMeasured
                ? m.Value!.Value.ToString("0.###", CultureInfo.InvariantCulture)
                : "[grey]n/m[/]")]);
        }

        console.Write(table);
        if (run.Iterations.Count > shown.Count)
        {
            console.MarkupLine($"[grey](showing the last {shown.Count} of {run.Iterations.Count} iterations; the report shows all)[/]");
        }
    }

    private static void WritePrompts(IAnsiConsole console, RunSnapshot run)
    {
        console.WriteLine();
        console.MarkupLine("[bold]Prompt versions[/]");
        PromptSnapshot? previous = null;
        foreach (PromptSnapshot prompt in run.Prompts)
        {
            string marks = (prompt.Version == run.BestPromptVersion ? " [green]best[/]" : string.Empty)
                + (prompt.Version == run.FinalPromptVersion ? " [blue]final[/]" : string.Empty);
            console.MarkupLine($"[bold]v{prompt.Version}[/] {Esc(prompt.Status)} (iteration {prompt.Iteration}){marks}"
                + (prompt.Score is { } s ? $" score {s.ToString("0.###", CultureInfo.InvariantCulture)}" : string.Empty));
            if (!string.IsNullOrWhiteSpace(prompt.Motivation))
            {
                console.MarkupLine($"  [grey]why: {Esc(prompt.Motivation)}[/]");
            }

            PromptSnapshot? parent = run.FindPrompt(prompt.ParentVersion) ?? previous;
            if (parent is null)
            {
                foreach (string line in prompt.Text.ReplaceLineEndings("\n").Split('\n'))
                {
                    console.MarkupLine($"    {Esc(line)}");
                }
            }
            else
            {
                IReadOnlyList<DiffLine> diff = LineDiff.Compute(parent.Text, prompt.Text);
                if (diff.All(l => l.Kind == DiffKind.Unchanged))
                {
                    console.MarkupLine($"  [grey](same text as v{parent.Version})[/]");
                }

                foreach (DiffLine line in diff.Where(l => l.Kind != DiffKind.Unchanged))
                {
                    console.MarkupLine(line.Kind == DiffKind.Added ? $"  [green]+ {Esc(line.Text)}[/]" : $"  [red]- {Esc(line.Text)}[/]");
                }
            }

            previous = prompt;
        }
    }

    private static void WriteUsage(IAnsiConsole console, RunSnapshot run)
    {
        console.WriteLine();
        console.MarkupLine("[bold]Usage[/]");
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("role").AddColumn(new TableColumn("calls").RightAligned()).AddColumn(new TableColumn("cached").RightAligned())
            .AddColumn(new TableColumn("input tokens").RightAligned()).AddColumn(new TableColumn("output tokens").RightAligned());
        foreach ((string role, UsageTotalsSnapshot totals) in run.Usage.ByRole)
        {
            table.AddRow(Esc(role), Display.Count(totals.Calls), Display.Count(totals.CachedCalls), Display.Count(totals.InputTokens), Display.Count(totals.OutputTokens));
        }

        UsageTotalsSnapshot total = run.Usage.Total;
        table.AddRow("[bold]total[/]", Display.Count(total.Calls), Display.Count(total.CachedCalls), Display.Count(total.InputTokens), Display.Count(total.OutputTokens));
        console.Write(table);
    }

    private static string Version(int? version) => version is { } v ? $"v{v}" : "—";

}
