using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PromptForge.Cli.Estimation;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Reporting;
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

    /// <summary>How many real examples SIPDO's generator is shown (format exemplars); <c>--eval full</c> holds out all others.</summary>
    private const int GeneratorExemplars = 2;

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
            Description = "An ablation: full (default), no_difficulty_gradient, one_shot_extremes (every item at level n), no_local_confirmation, no_global_confirmation or no_selection_round.",
        };
        condition.AcceptOnlyFromAmong("full", "no_difficulty_gradient", "one_shot_extremes", "no_local_confirmation", "no_global_confirmation", "no_selection_round");
        var lambda = new Option<double?>("--lambda") { Description = "Adversarial selection's λ: score = λ·(current prompt fails the candidate) − ΔKL of its label (default 1; 0 = pure label matching)." };
        var candidates = new Option<int?>("--candidates") { Description = "Candidate items written per level; above 1 the current prompt answers each and the best-scoring verified one is kept (default 1)." };
        var maxPromptTokens = new Option<int?>("--max-prompt-tokens")
        {
            Description = "The longest prompt a rewrite may produce, in tokens of the task model (o200k/cl100k by model family; characters / 4 for others), besides the 8000-character limit.",
        };
        var allowSingleClass = new Option<bool>("--allow-single-class") { Description = "Run on a task whose labeled examples all have the same answer (refused otherwise)." };
        var eval = new Option<string>("--eval")
        {
            Description = "The held-out protocol: split (default: a seeded --test-fraction split, or the task's own) or full (the paper's: the whole task file minus the exemplars shown to the generator).",
            DefaultValueFactory = _ => "split",
        };
        eval.AcceptOnlyFromAmong("split", "full");
        var loop = new LoopCommand();
        var command = new Command(Name, "Run SIPDO: optimize a task prompt with synthetic data of rising difficulty, then evaluate it on the held-out split.")
        {
            task, datasets, levels, condition, lambda, candidates, testFraction, initialPrompt, budgetCalls, budgetTokens, budgetMinutes, maxPromptTokens, allowSingleClass, eval,
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
            bool fullEvaluation = result.GetValue(eval) == "full";
            if (fullEvaluation)
            {
                definition = definition.HoldOutAllButExemplars(GeneratorExemplars, seed);
            }

            PriceTable? prices = result.GetValue(loop.Prices) is { } pricesPath ? PriceTable.Load(environment.ResolvePath(pricesPath)) : null;
            ProviderSettings? providerSettings = null;
            string startPrompt = result.GetValue(initialPrompt) is { } given
                ? limits.CheckPrompt(given, null, "--initial-prompt")
                : limits.CheckPrompt(definition.Description, taskArgument, "description");
            var options = new SipdoOptions();
            if (result.GetValue(levels) is { } n)
            {
                options.Levels = n;
            }

            if (result.GetValue(lambda) is { } l)
            {
                options.Lambda = l;
            }

            if (result.GetValue(candidates) is { } m)
            {
                options.Candidates = m;
            }

            switch (result.GetValue(condition))
            {
                case "no_difficulty_gradient":
                    options.UseDifficultyGradient = false;
                    break;
                case "one_shot_extremes":
                    options.Curriculum = SipdoCurriculumKind.OneShotExtremes;
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
                        o.Curriculum = options.Curriculum;
                        o.Lambda = options.Lambda;
                        o.Candidates = options.Candidates;
                        o.LocalConfirmation = options.LocalConfirmation;
                        o.GlobalConfirmation = options.GlobalConfirmation;
                        o.SelectionRound = options.SelectionRound;
                        o.MaxPromptTokens = result.GetValue(maxPromptTokens);
                        o.TokenCounter = ModelFamilyTokenCounter.Default;
                        o.TokenCounterModelId = provider.ModelFor(ModelRoleKind.Task);
                    }).WithBudget(budget),
                    providerSettings = provider,
                    Roles),
                startPrompt,
                token,
                afterRun: (run, client, store, dryRun, ct) => EvaluateAsync(
                    environment, definition, options, run, startPrompt, client, store, dryRun, new CostContext(fullEvaluation, prices, role => ModelFor(providerSettings, role)), ct),
                inputs: inputs,
                sipdoTask: definition).ConfigureAwait(false);
            return exitCode;
        }, cancellationToken));
        return command;
    }

    private static readonly ModelRole[] Roles =
        [SipdoRoles.Generator, SipdoRoles.Summarizer, SipdoRoles.Verifier, SipdoRoles.Task, SipdoRoles.ErrorAnalysis, SipdoRoles.Suggestion, SipdoRoles.Rewrite];

    private static string? ModelFor(ProviderSettings? provider, string roleTag) =>
        (Roles.FirstOrDefault(r => r.Tag == roleTag) is { } role ? provider?.ModelFor(role.Kind) : provider?.Model)
            ?? (provider?.IsSimulator == true ? ProviderNames.Simulator : null);

    private static async Task EvaluateAsync(
        CliEnvironment environment, TaskDefinition task, SipdoOptions options, RunResult run, string initialPrompt, IChatClient client, IRunStore store, bool dryRun, CostContext cost, CancellationToken cancellationToken)
    {
        // Before the held-out table: a run whose levels mostly kept nothing says so and why, whatever its status.
        string? levelWarning = dryRun ? null : await OptimizeEndingNotes.LevelWarningAsync(run, store, cancellationToken).ConfigureAwait(false);
        if (levelWarning is not null)
        {
            environment.Console.MarkupLine($"[yellow]Warning: {Esc(levelWarning)}[/]");
        }

        if (run.Status is not (RunStatus.Completed or RunStatus.BudgetExhausted) || task.HeldOut.Count == 0)
        {
            if (!dryRun)
            {
                await RecordCostAsync(environment, run, store, null, TimeSpan.Zero, cost, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        long started = environment.TimeProvider.GetTimestamp();
        IModelGateway gateway = client.AsModelGateway(timeProvider: environment.TimeProvider);
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

        var heldOutWall = environment.TimeProvider.GetElapsedTime(started);
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
            manifest.Extras[RunFolderReader.EvaluationProtocolExtra] = JsonSerializer.SerializeToElement(Protocol(task, cost.FullEvaluation), PromptForgeJsonContext.Default.JsonObject);
            await store.WriteJsonAsync(run.RunId, RunLocation.ManifestFile, manifest, PromptForgeJsonContext.Default.RunManifest, cancellationToken).ConfigureAwait(false);
        }

        IAnsiConsole console = environment.Console;
        console.MarkupLine($"Held-out evaluation on {comparison.HeldOutCount} examples of {Esc(comparison.Task)}" + (comparison.Simulated ? " [yellow](SIMULATED)[/]" : string.Empty) + ":");
        console.MarkupLine(Esc(ProtocolLine(task, cost.FullEvaluation)));
        foreach (PromptEvaluation evaluation in comparison.Evaluations)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {evaluation.Name,-18} {evaluation.Accuracy.Estimate:P1}  95% CI [{evaluation.Accuracy.Lower:P1}, {evaluation.Accuracy.Upper:P1}]  ({evaluation.Accuracy.Successes}/{evaluation.Accuracy.Total}){OptimizeEndingNotes.UnparseableColumn(evaluation)}"));
        }

        foreach (string note in OptimizeEndingNotes.HeldOutNotes(comparison))
        {
            console.MarkupLine($"[yellow]Note: {Esc(note)}[/]");
        }

        await RecordCostAsync(environment, run, store, gateway.Usage.Snapshot(), heldOutWall, cost, cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject Protocol(TaskDefinition task, bool full) => new()
    {
        ["mode"] = full ? "full" : "split",
        ["held_out"] = task.HeldOut.Count,
        ["examples_seen_by_the_loop"] = task.Examples.Count,
        ["description"] = ProtocolLine(task, full),
    };

    private static string ProtocolLine(TaskDefinition task, bool full) => full
        ? $"Protocol: full (the paper's): the whole task file minus the {task.Examples.Count} exemplars shown to the generator ({string.Join(", ", task.Examples.Select(e => e.Id))})."
        : $"Protocol: split: a seeded held-out split the loop never saw ({task.Examples.Count} examples for the loop, {task.HeldOut.Count} held out); --eval full uses the paper's setting.";

    /// <summary>
    /// The cost table (role by level, the held-out evaluation as its own rows) printed and saved in the manifest; the
    /// held-out evaluation's usage is added to the manifest's usage, so the run's totals count it.
    /// </summary>
    private static async Task RecordCostAsync(
        CliEnvironment environment, RunResult run, IRunStore store, UsageSnapshot? heldOut, TimeSpan heldOutWall, CostContext cost, CancellationToken cancellationToken)
    {
        RunManifest? manifest = await store.ReadJsonAsync(run.RunId, RunLocation.ManifestFile, PromptForgeJsonContext.Default.RunManifest, cancellationToken).ConfigureAwait(false);
        if (heldOut is not null && manifest?.Extras.TryGetValue(HeldOutUsageExtra, out JsonElement earlier) == true
            && earlier.Deserialize(PromptForgeJsonContext.Default.UsageSnapshot) is { } saved)
        {
            // A resumed evaluation paid only the items not yet in the journal: add them to what the first attempt paid.
            var combined = new UsageLedger();
            combined.Restore(saved);
            combined.Restore(heldOut);
            heldOut = combined.Snapshot();
        }

        var table = SipdoCostTable.Build(run, heldOut, heldOutWall, cost.ModelForRole, cost.Prices);
        var quarantined = QuarantinedItems(run);
        if (manifest is not null)
        {
            manifest.Extras[SipdoCostTable.Extra] = JsonSerializer.SerializeToElement(table.ToJson(), PromptForgeJsonContext.Default.JsonObject);
            manifest.Extras[RunFolderReader.QuarantinedItemsExtra] = JsonSerializer.SerializeToElement(new JsonObject { ["count"] = quarantined.Count, ["items"] = quarantined.DeepClone() }, PromptForgeJsonContext.Default.JsonObject);
            if (heldOut is not null)
            {
                // The run's totals count the held-out evaluation: the loop's usage plus every held-out call.
                var usage = new UsageLedger();
                usage.Restore(run.Usage);
                usage.Restore(heldOut);
                manifest.Usage = usage.Snapshot();
                manifest.Extras[HeldOutUsageExtra] = JsonSerializer.SerializeToElement(heldOut, PromptForgeJsonContext.Default.UsageSnapshot);
            }

            await store.WriteJsonAsync(run.RunId, RunLocation.ManifestFile, manifest, PromptForgeJsonContext.Default.RunManifest, cancellationToken).ConfigureAwait(false);
        }

        IAnsiConsole console = environment.Console;
        if (quarantined.Count > 0)
        {
            console.MarkupLine($"[yellow]{quarantined.Count} synthetic item(s) quarantined[/] (no repair fixed them and the verifiers, shown the task model's answer, no longer supported the label; left out of coverage):");
            foreach (var item in quarantined)
            {
                console.WriteLine($"  {item!["item_id"]}: {item["reason"]}");
            }
        }

        table.Write(console);
    }

    /// <summary>The manifest extra holding the held-out evaluation's usage (already added to the manifest's usage).</summary>
    internal const string HeldOutUsageExtra = "held_out_usage";

    /// <summary>The quarantine list in the task critic's result of the last round (as the run folder records it).</summary>
    private static JsonArray QuarantinedItems(RunResult run)
    {
        // The critic reporting the coverage metric is the task critic; its result's recorded form is what is listed.
        var details = run.MetricHistory.LastOrDefault()?.Critiques.FindByMetric(SipdoMetrics.Coverage)?.Result?.ToJsonElement();
        return details is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("quarantined", out var list) && list.ValueKind == JsonValueKind.Array
            ? JsonNode.Parse(list.GetRawText())!.AsArray()
            : [];
    }

    /// <summary>What the cost table needs from the command line: the protocol, the prices and each role's model.</summary>
    private sealed record CostContext(bool FullEvaluation, PriceTable? Prices, Func<string, string?> ModelForRole);
}
