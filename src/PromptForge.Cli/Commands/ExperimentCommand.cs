using System.Globalization;
using System.CommandLine;
using PromptForge.Cli.Experiments;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Runs;
using Spectre.Console;
using static PromptForge.Cli.Hosting.CommandRunner;

namespace PromptForge.Cli.Commands;

/// <summary>
/// <c>promptforge experiment &lt;command line&gt; --conditions a,b [--lambda 0,1,4] --seeds 1,2,3</c>: runs the command once per
/// condition (× λ, for <c>optimize</c>) and seed, then aggregates each run's final metrics and held-out accuracies into one table (mean and 95% t-interval over seeds).
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create(CliEnvironment environment, Func<RootCommand> root)
    {
        var commandLine = new Argument<string[]>("command-line")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "The run to repeat, e.g. synthesize samples/customer-support/config.yaml --iterations 3.",
        };
        var command = new Command("experiment", "Run a grid of conditions x seeds and aggregate the results into one table with 95% confidence intervals.")
        {
            commandLine,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(
            environment, token => ExecuteAsync(environment, root, Display.TokensAfter(result, "experiment"), token), cancellationToken));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliEnvironment environment, Func<RootCommand> root, List<string> tokens, CancellationToken cancellationToken)
    {
        string[] conditions = TakeList(tokens, "--conditions") ?? ["default"];
        // A list of λ values sweeps SIPDO's adversarial selection: every value becomes its own column (condition × λ).
        string[]? lambdas = TakeList(tokens, "--lambda");
        foreach (string lambda in lambdas ?? [])
        {
            if (!double.TryParse(lambda, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0)
            {
                throw new CliInputException($"'{lambda}' is not a non-negative number.", field: "--lambda");
            }
        }

        string[] seedTexts = TakeList(tokens, "--seeds") ?? ["0", "1", "2"];
        int[] seeds = seedTexts.Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed)
            ? seed : throw new CliInputException($"'{s}' is not an integer seed.", field: "--seeds")).ToArray();
        if (tokens.Count == 0)
        {
            throw new CliInputException("give the command line to repeat, e.g. promptforge experiment synthesize config.yaml --conditions full,naive --seeds 1,2,3.");
        }

        string runsDirectory = environment.ResolvePath(TakeValue(tokens, "--out") ?? TakeValue(tokens, "-o") ?? LoopCommand.DefaultRunsDirectory);
        string experimentId = "experiment-" + environment.TimeProvider.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var runs = new List<ExperimentRun>();
        bool simulated = false;
        foreach ((string condition, string? lambda) in conditions.SelectMany(c => (lambdas?.Select(l => (string?)l) ?? [null]).Select(l => (c, l))))
        {
            string column = lambda is null ? condition : condition == "default" ? $"lambda={lambda}" : $"{condition} lambda={lambda}";
            foreach (int seed in seeds)
            {
                string runId = $"{experimentId}-{Slug(column)}-s{seed}";
                List<string> args = [.. tokens, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", runsDirectory, "--run-id", runId];
                if (condition != "default")
                {
                    args.AddRange(["--condition", condition]);
                }

                if (lambda is not null)
                {
                    args.AddRange(["--lambda", lambda]);
                }

                environment.Console.MarkupLine($"[bold]== {Esc(column)}, seed {seed}[/]");
                int exit = await CliApplication.InvokeAsync(root().Parse(args.ToArray()), environment, cancellationToken).ConfigureAwait(false);
                string directory = Path.Combine(runsDirectory, runId);
                if (exit is ExitCodes.InputError or ExitCodes.Cancelled || !Directory.Exists(directory))
                {
                    return exit == ExitCodes.Success ? ExitCodes.Failure : exit;
                }

                RunSnapshot run = await RunFolderReader.ReadAsync(RunLocation.Open(directory, directory), cancellationToken).ConfigureAwait(false);
                simulated |= run.Simulated;
                runs.Add(new ExperimentRun(column, seed, directory, run.Status, Figures(run)));
            }
        }

        ExperimentTable table = ExperimentTable.Aggregate(runs);
        string csvPath = Path.Combine(runsDirectory, experimentId + ".csv");
        await File.WriteAllTextAsync(csvPath, table.ToCsv(), cancellationToken).ConfigureAwait(false);
        Write(environment.Console, table, seeds.Length, simulated);
        environment.Console.MarkupLine($"Results: {Esc(csvPath)} ({runs.Count} runs in {Esc(runsDirectory)})");
        return runs.All(r => r.Status is nameof(RunStatus.Completed) or nameof(RunStatus.BudgetExhausted)) ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>The figures of one run: its last iteration's measured metrics and its held-out accuracies.</summary>
    private static Dictionary<string, double?> Figures(RunSnapshot run)
    {
        var figures = new Dictionary<string, double?>(StringComparer.Ordinal);
        if (run.Iterations.Count > 0)
        {
            foreach ((string name, MetricValue value) in run.Iterations[^1].Metrics)
            {
                figures[name] = value.Value;
            }
        }

        foreach (EvaluationSnapshot evaluation in run.Evaluations)
        {
            figures[$"heldout_{evaluation.Name}_accuracy"] = evaluation.Accuracy;
        }

        return figures;
    }

    private static void Write(IAnsiConsole console, ExperimentTable table, int seeds, bool simulated)
    {
        console.WriteLine();
        console.MarkupLine($"[bold]Results[/]: mean [[95% t-interval]] over {seeds} seeds; figures from each run's last iteration and held-out evaluation.");
        var grid = new Table().Border(TableBorder.Simple).AddColumn("figure");
        foreach (string condition in table.Conditions)
        {
            grid.AddColumn(new TableColumn(Esc(condition)).RightAligned());
        }

        foreach (string figure in table.Figures)
        {
            grid.AddRow([Esc(figure), .. table.Conditions.Select(c => Esc(ExperimentTable.Format(table.Cells.GetValueOrDefault((c, figure)))))]);
        }

        console.Write(grid);
        if (simulated)
        {
            console.MarkupLine("[yellow]SIMULATED: these figures come from the offline simulator, not a language model.[/]");
        }
    }

    private static string[]? TakeList(List<string> tokens, string option) =>
        TakeValue(tokens, option)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? TakeValue(List<string> tokens, string option)
    {
        int index = tokens.IndexOf(option);
        if (index < 0)
        {
            return null;
        }

        if (index + 1 >= tokens.Count)
        {
            throw new CliInputException("needs a value.", field: option);
        }

        string value = tokens[index + 1];
        tokens.RemoveRange(index, 2);
        return value;
    }

    private static string Slug(string condition) => new(condition.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}
