using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Runs;
using PromptForge.Sipdo;
using Spectre.Console;
using static PromptForge.Cli.Hosting.CommandRunner;

namespace PromptForge.Cli.Commands;

/// <summary>
/// <c>promptforge optimize &lt;task&gt;</c>: a SIPDO run on a task file or a benchmark task (<c>bbh:causal_judgement</c>),
/// ending with the best and the initial prompt (and the zero-shot and chain-of-thought baselines) evaluated on the task's
/// held-out split; the accuracies with Wilson intervals are recorded in the run's manifest.
/// </summary>
internal static class OptimizeCommand
{
    public const string Name = "optimize";

    public static Command Create(CliEnvironment environment)
    {
        var task = new Argument<string>("task") { Description = "A task file (.json BIG-bench/BBH, Logic-LM, .jsonl, MMLU .csv) or a benchmark task such as bbh:causal_judgement." };
        var datasets = new Option<string>("--datasets") { Description = "The folder of benchmark datasets for '<set>:<task>' names.", DefaultValueFactory = _ => "datasets" };
        var levels = new Option<int?>("--levels") { Description = "Difficulty levels (SIPDO's n; default 10)." };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of the task held out for the final evaluation when the task has no split.", DefaultValueFactory = _ => 0.3 };
        var initialPrompt = new Option<string?>("--initial-prompt") { Description = "The prompt to start from (default: the task's description)." };
        var budgetCalls = new Option<long?>("--budget-calls") { Description = "Stop after this many model calls." };
        var budgetTokens = new Option<long?>("--budget-tokens") { Description = "Stop after this many input tokens." };
        var budgetMinutes = new Option<double?>("--budget-minutes") { Description = "Stop after this much wall time." };
        var condition = new Option<string?>("--condition")
        {
            Description = "An ablation: full (default), no_difficulty_gradient, no_local_confirmation, no_global_confirmation or no_selection_round.",
        };
        condition.AcceptOnlyFromAmong("full", "no_difficulty_gradient", "no_local_confirmation", "no_global_confirmation", "no_selection_round");
        var allowSingleClass = new Option<bool>("--allow-single-class") { Description = "Run on a task whose labeled examples all have the same answer (refused otherwise)." };
        var loop = new LoopCommand();
        var command = new Command(Name, "Run SIPDO: optimize a task prompt with synthetic data of rising difficulty, then evaluate it on the held-out split.")
        {
            task, datasets, levels, condition, testFraction, initialPrompt, budgetCalls, budgetTokens, budgetMinutes, allowSingleClass,
        };
        loop.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(environment, async token =>
        {
            int seed = result.GetValue(loop.Seed) ?? 0;
            string taskArgument = result.GetRequiredValue(task);
            InputLimits limits = loop.ResolveLimits(result);
            RunInputs inputs = loop.Inputs(environment, result);
            TaskDefinition definition = await TaskInput.LoadAsync(
                environment, taskArgument, result.GetRequiredValue(datasets), result.GetValue(testFraction), seed, limits,
                TaskInput.MinimumTrainingExamples, result.GetValue(allowSingleClass), inputs, token).ConfigureAwait(false);
            string startPrompt = result.GetValue(initialPrompt) is { } given
                ? limits.CheckPrompt(given, null, "--initial-prompt")
                : limits.CheckPrompt(definition.Description, taskArgument, "description");
            var options = new SipdoOptions();
            if (result.GetValue(levels) is { } n)
            {
                options.Levels = n;
            }

            switch (result.GetValue(condition))
            {
                case "no_difficulty_gradient":
                    options.UseDifficultyGradient = false;
                    break;
                case "no_local_confirmation":
                    options.LocalConfirmation = false;
                    break;
                case "no_global_confirmation":
                    options.GlobalConfirmation = false;
                    break;
                case "no_selection_round":
                    options.SelectionRound = false;
                    break;
            }

            var budget = new LoopBudget
            {
                MaxCalls = result.GetValue(budgetCalls),
                MaxInputTokens = result.GetValue(budgetTokens),
                MaxWallTime = result.GetValue(budgetMinutes) is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
            };

            (int exitCode, _, _) = await loop.RunAsync(
                environment, result, Name,
                (builder, provider, _) => ModelOverrides.Apply(
                    builder.UseSipdo(definition, o =>
                    {
                        o.Levels = options.Levels;
                        o.UseDifficultyGradient = options.UseDifficultyGradient;
                        o.LocalConfirmation = options.LocalConfirmation;
                        o.GlobalConfirmation = options.GlobalConfirmation;
                        o.SelectionRound = options.SelectionRound;
                    }).WithBudget(budget),
                    provider,
                    [SipdoRoles.Generator, SipdoRoles.Summarizer, SipdoRoles.Verifier, SipdoRoles.Task, SipdoRoles.ErrorAnalysis, SipdoRoles.Suggestion, SipdoRoles.Rewrite]),
                startPrompt,
                token,
                afterRun: (run, client, store, dryRun, ct) => EvaluateAsync(environment, definition, options, run, startPrompt, client, store, dryRun, ct),
                inputs: inputs,
                sipdoTask: definition).ConfigureAwait(false);
            return exitCode;
        }, cancellationToken));
        return command;
    }

    private static async Task EvaluateAsync(
        CliEnvironment environment, TaskDefinition task, SipdoOptions options, RunResult run, string initialPrompt, IChatClient client, IRunStore store, bool dryRun, CancellationToken cancellationToken)
    {
        // Before the held-out table: a run whose levels mostly kept nothing says so and why, whatever its status.
        string? levelWarning = dryRun ? null : await OptimizeEndingNotes.LevelWarningAsync(run, store, cancellationToken).ConfigureAwait(false);
        if (levelWarning is not null)
        {
            environment.Console.MarkupLine($"[yellow]Warning: {Esc(levelWarning)}[/]");
        }

        if (run.Status is not (RunStatus.Completed or RunStatus.BudgetExhausted) || task.HeldOut.Count == 0)
        {
            return;
        }

        IModelGateway gateway = ModelGatewayFactory.Create(client, timeProvider: environment.TimeProvider);
        if (dryRun)
        {
            // An estimate counts the evaluation's calls; its accuracies mean nothing, and nothing is saved.
            _ = await new SipdoEvaluator(gateway, task, options).CompareWithBaselinesAsync(run.BestPrompt.Text, initialPrompt, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The run's writer again (the loop released it): every graded item is saved in the run as it finishes, so an
        // interrupted evaluation is resumed with `promptforge resume` and no item is paid twice.
        await using var writerLock = (await store.AcquireWriterLockAsync(run.RunId, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        var evaluator = new SipdoEvaluator(gateway, task, options, store, run.RunId);
        PromptComparison comparison;
        try
        {
            comparison = await evaluator.CompareWithBaselinesAsync(run.BestPrompt.Text, initialPrompt, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && run.RunLocation is { } location)
        {
            await environment.Error.WriteLineAsync($"Cancelled during the held-out evaluation. The items evaluated so far are saved; continue it with:\n  promptforge resume {environment.DisplayPath(location)}").ConfigureAwait(false);
            throw;
        }
        catch (ModelServiceException ex) when (ModelFailureClassifier.IsProviderFailure(ex) && run.RunLocation is { } location)
        {
            // Like a provider failure inside the loop: the graded items are saved, nothing is reported as measured.
            await environment.Error.WriteLineAsync(
                $"Interrupted during the held-out evaluation: {ex.Message}\nThe items evaluated so far are saved; after fixing the cause, continue it with:\n  promptforge resume {environment.DisplayPath(location)}").ConfigureAwait(false);
            throw new CliInterruptedException(ex.Message, ex);
        }

        var evaluations = new JsonObject();
        foreach (PromptEvaluation evaluation in comparison.Evaluations)
        {
            evaluations[evaluation.Name] = new JsonObject
            {
                ["accuracy"] = evaluation.Accuracy.Estimate,
                ["interval_low"] = evaluation.Accuracy.Lower,
                ["interval_high"] = evaluation.Accuracy.Upper,
                ["n"] = evaluation.Accuracy.Total,
                ["prompt_version"] = evaluation.Name switch { "optimized" => run.BestPrompt.Version, "initial" => run.PromptHistory.Min(p => p.Version), _ => null },
                ["unparseable"] = evaluation.Unparseable,
                ["simulated"] = comparison.Simulated,
            };
        }

        RunManifest? manifest = await store.ReadJsonAsync(run.RunId, RunLocation.ManifestFile, PromptForgeJsonContext.Default.RunManifest, cancellationToken).ConfigureAwait(false);
        if (manifest is not null)
        {
            manifest.Extras[RunFolderReader.EvaluationsExtra] = JsonSerializer.SerializeToElement(evaluations, PromptForgeJsonContext.Default.JsonObject);
            if (levelWarning is not null)
            {
                manifest.Extras["warnings"] = JsonSerializer.SerializeToElement(new JsonObject { ["levels"] = levelWarning }, PromptForgeJsonContext.Default.JsonObject);
            }

            manifest.Extras["best_prompt"] = JsonSerializer.SerializeToElement(new JsonObject { ["version"] = run.BestPrompt.Version, ["text"] = run.BestPrompt.Text }, PromptForgeJsonContext.Default.JsonObject);
            await store.WriteJsonAsync(run.RunId, RunLocation.ManifestFile, manifest, PromptForgeJsonContext.Default.RunManifest, cancellationToken).ConfigureAwait(false);
        }

        IAnsiConsole console = environment.Console;
        console.MarkupLine($"Held-out evaluation on {comparison.HeldOutCount} examples of {Esc(comparison.Task)}" + (comparison.Simulated ? " [yellow](SIMULATED)[/]" : string.Empty) + ":");
        foreach (PromptEvaluation evaluation in comparison.Evaluations)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {evaluation.Name,-18} {evaluation.Accuracy.Estimate:P1}  95% CI [{evaluation.Accuracy.Lower:P1}, {evaluation.Accuracy.Upper:P1}]  ({evaluation.Accuracy.Successes}/{evaluation.Accuracy.Total}){OptimizeEndingNotes.UnparseableColumn(evaluation)}"));
        }

        foreach (string note in OptimizeEndingNotes.HeldOutNotes(comparison))
        {
            console.MarkupLine($"[yellow]Note: {Esc(note)}[/]");
        }
    }
}
