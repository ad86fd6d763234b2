using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.AI;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Runs;
using PromptForge.Sipdo;
using Spectre.Console;

namespace PromptForge.Cli.Commands;

/// <summary>
/// <c>promptforge evaluate &lt;task&gt; --prompt text | --prompt-file file | --run run-dir</c>: accuracy with Wilson
/// intervals on the task's held-out split, next to the zero-shot and chain-of-thought baselines.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var task = new Argument<string>("task") { Description = "A task file or a benchmark task such as bbh:causal_judgement." };
        var prompt = new Option<string?>("--prompt") { Description = "The prompt text to evaluate." };
        var promptFile = new Option<string?>("--prompt-file") { Description = "A file holding the prompt to evaluate." };
        var run = new Option<string?>("--run") { Description = "A run folder: evaluates its best prompt (and its initial prompt)." };
        var datasets = new Option<string>("--datasets") { Description = "The folder of benchmark datasets.", DefaultValueFactory = _ => "datasets" };
        var testFraction = new Option<double>("--test-fraction") { Description = "Held-out share when the task has no split (use the optimize run's value).", DefaultValueFactory = _ => 0.3 };
        var seed = new Option<int?>("--seed") { Description = "The split seed (use the optimize run's seed)." };
        var allowSingleClass = new Option<bool>("--allow-single-class") { Description = "Evaluate on a task whose labeled examples all have the same answer (refused otherwise)." };
        Option<string[]> limitOption = InputLimits.CreateOption();
        var providers = new ProviderOptions();
        var command = new Command("evaluate", "Evaluate a prompt, or a run's best prompt, on a task's held-out split, with zero-shot and chain-of-thought baselines.")
        {
            task, prompt, promptFile, run, datasets, testFraction, seed, allowSingleClass, limitOption,
        };
        providers.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(environment, async token =>
        {
            InputLimits limits = InputLimits.Parse(result.GetValue(limitOption));
            List<KeyValuePair<string, string>> prompts = await PromptsAsync(environment, result.GetValue(prompt), result.GetValue(promptFile), result.GetValue(run), limits, token).ConfigureAwait(false);
            int splitSeed = result.GetValue(seed) ?? 0;
            TaskDefinition definition = await TaskInput.LoadAsync(
                environment, result.GetRequiredValue(task), result.GetRequiredValue(datasets), result.GetValue(testFraction), splitSeed, limits,
                minimumTraining: 0, result.GetValue(allowSingleClass), inputs: null, token).ConfigureAwait(false);
            ProviderSettings provider = providers.Resolve(result, environment.GetEnvironmentVariable, Path.Combine(environment.ResolvePath(LoopCommand.DefaultRunsDirectory), ".cache"));
            environment.Console.MarkupLine(CommandRunner.Esc(provider.Describe()));
            await ChatClientFactory.CheckEndpointAsync(provider, token).ConfigureAwait(false);
            using IChatClient client = ChatClientFactory.Create(provider, splitSeed, TimeSpan.FromSeconds(120), environment.TimeProvider, sipdoTask: definition);

            var evaluator = new SipdoEvaluator(client.AsModelGateway(timeProvider: environment.TimeProvider), definition);
            prompts.Add(new("zero_shot", evaluator.ZeroShotPrompt));
            prompts.Add(new("chain_of_thought", evaluator.ChainOfThoughtPrompt));
            PromptComparison comparison = await evaluator.CompareAsync(prompts, token).ConfigureAwait(false);

            var table = new Table().Border(TableBorder.Simple).AddColumn("prompt")
                .AddColumn(new TableColumn("accuracy").RightAligned()).AddColumn(new TableColumn("95% interval").RightAligned())
                .AddColumn(new TableColumn("correct").RightAligned()).AddColumn(new TableColumn("unparseable").RightAligned());
            foreach (PromptEvaluation evaluation in comparison.Evaluations)
            {
                ProportionInterval a = evaluation.Accuracy;
                table.AddRow(
                    CommandRunner.Esc(evaluation.Name),
                    a.Estimate.ToString("P1", CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{a.Lower:P1} – {a.Upper:P1}"),
                    string.Create(CultureInfo.InvariantCulture, $"{a.Successes}/{a.Total}"),
                    evaluation.Unparseable.ToString(CultureInfo.InvariantCulture));
            }

            environment.Console.MarkupLine($"Held-out split of {CommandRunner.Esc(comparison.Task)}: {comparison.HeldOutCount} examples.");
            environment.Console.Write(table);
            if (comparison.Simulated)
            {
                environment.Console.MarkupLine("[yellow]SIMULATED: accuracies from the offline simulator, not a language model.[/]");
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static async Task<List<KeyValuePair<string, string>>> PromptsAsync(
        CliEnvironment environment, string? text, string? file, string? runDirectory, InputLimits limits, CancellationToken cancellationToken)
    {
        if ((text is null ? 0 : 1) + (file is null ? 0 : 1) + (runDirectory is null ? 0 : 1) != 1)
        {
            throw new CliInputException("give exactly one of --prompt, --prompt-file or --run.", field: "--prompt");
        }

        if (text is not null)
        {
            return [new("prompt", limits.CheckPrompt(text, null, "--prompt"))];
        }

        if (file is not null)
        {
            string path = environment.ResolvePath(file);
            if (!File.Exists(path))
            {
                throw new CliInputException("the prompt file does not exist.", file);
            }

            try
            {
                // UTF-8 needs at most 4 bytes a character: a file over that is over the character limit without reading it.
                string content = StrictTextFile.ReadAllText(path, 4L * limits.PromptChars, "MaxPromptChars");
                return [new("prompt", limits.CheckPrompt(content, file, "--prompt-file"))];
            }
            catch (InputFileException ex)
            {
                throw new CliInputException(InputLimits.Explain(ex.Problem), file, ex.Line, field: "--prompt-file", innerException: ex);
            }
        }

        RunSnapshot run = await RunFolderReader.ReadAsync(RunLocation.Open(environment.ResolvePath(runDirectory!), runDirectory!), cancellationToken).ConfigureAwait(false);
        PromptSnapshot best = run.FindPrompt(run.BestPromptVersion) ?? throw new CliInputException("the run has no best prompt.", runDirectory, field: "best_prompt_version");
        PromptSnapshot initial = run.Prompts[0];
        return best.Version == initial.Version
            ? [new($"best (v{best.Version}, initial)", best.Text)]
            : [new($"best (v{best.Version})", best.Text), new($"initial (v{initial.Version})", initial.Text)];
    }
}
