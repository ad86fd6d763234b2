using System.Globalization;
using PromptForge.Cli.Runs;
using PromptForge.Sipdo;

namespace PromptForge.Cli.Hosting;

/// <summary>
/// Loads the task of <c>optimize</c> and <c>evaluate</c>: a task file or a benchmark name, under the input limits, split
/// into training and held-out examples, and refused with a message when it cannot support the run (too few labeled
/// examples for the split, or a single label class unless <c>--allow-single-class</c>).
/// </summary>
internal static class TaskInput
{
    /// <summary>The role of the task file among a run's frozen inputs.</summary>
    public const string Role = "task";

    /// <summary>SIPDO shows the generator two real examples; fewer to optimize on cannot run.</summary>
    public const int MinimumTrainingExamples = 2;

    /// <param name="environment">The working directory and output.</param>
    /// <param name="argument">The task argument: a file, or <c>set:task</c>.</param>
    /// <param name="datasets">The benchmark datasets folder.</param>
    /// <param name="testFraction">The held-out share when the task has no split.</param>
    /// <param name="seed">The split seed.</param>
    /// <param name="limits">The input limits (task-bytes).</param>
    /// <param name="minimumTraining">How many examples must remain to optimize on (0 when only the held-out split is used).</param>
    /// <param name="allowSingleClass">Whether a task whose examples all have one answer is accepted.</param>
    /// <param name="inputs">A new run records the task file in it; a resumed run reads its frozen copy.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    public static async Task<TaskDefinition> LoadAsync(
        CliEnvironment environment,
        string argument,
        string datasets,
        double testFraction,
        int seed,
        InputLimits limits,
        int minimumTraining,
        bool allowSingleClass,
        RunInputs? inputs,
        CancellationToken cancellationToken)
    {
        string path = inputs is not null && inputs.HasCopy(Role) ? inputs.PathFor(Role, string.Empty) : ResolvePath(environment, argument, datasets);
        if (!File.Exists(path))
        {
            bool benchmarkName = !File.Exists(environment.ResolvePath(argument)) && argument.IndexOf(':', StringComparison.Ordinal) > 1;
            throw new CliInputException(
                benchmarkName
                    ? $"the benchmark task '{argument}' is not in the datasets folder (set it with --datasets); or give a task file, e.g. samples/Sipdo.CausalJudgement/data/causal_judgement.json."
                    : "the task file does not exist.",
                path);
        }

        TaskDefinition definition;
        try
        {
            definition = await TaskFiles.LoadAsync(path, new TaskFileOptions { MaxFileBytes = limits.TaskBytes }, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskFileException ex) when (ex.InnerException is InputFileException file)
        {
            throw new CliInputException(InputLimits.Explain(file.Problem), ex.FilePath, file.Line, innerException: ex);
        }
        catch (TaskFileException ex)
        {
            throw new CliInputException(ex.Problem, ex.FilePath, field: ex.Record is { } record ? $"record {record}" : null, innerException: ex);
        }

        if (definition.HeldOut.Count == 0 && testFraction is <= 0 or >= 1)
        {
            throw new CliInputException("must be between 0 and 1 (exclusive).", field: "--test-fraction");
        }

        CheckLabels(definition, path, testFraction, minimumTraining, allowSingleClass);
        inputs?.Record(Role, path, limits.TaskBytes);
        return definition.HeldOut.Count == 0 ? definition.SplitHeldOut(testFraction, seed) : definition;
    }

    /// <summary>Resolves <c>set:task</c> names (bbh, bigbench, proofwriter, prontoqa) in the datasets folder; anything else is a path.</summary>
    public static string ResolvePath(CliEnvironment environment, string argument, string datasets)
    {
        int colon = argument.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 1 || File.Exists(environment.ResolvePath(argument)))
        {
            return environment.ResolvePath(argument);
        }

        string set = argument[..colon];
        string name = argument[(colon + 1)..];
        string folder = set switch
        {
            "bigbench" => "bigbench-promptagent",
            _ => set,
        };
        return Path.Combine(environment.ResolvePath(datasets), folder, name + ".json");
    }

    private static void CheckLabels(TaskDefinition definition, string path, double testFraction, int minimumTraining, bool allowSingleClass)
    {
        int total = definition.Examples.Count + definition.HeldOut.Count;
        int heldOut = definition.HeldOut.Count > 0 ? definition.HeldOut.Count : (int)Math.Round(total * testFraction, MidpointRounding.AwayFromZero);
        int training = total - heldOut;
        if (heldOut < 1 || training < minimumTraining)
        {
            string split = definition.HeldOut.Count > 0
                ? $"its split has {training} to optimize on and {heldOut} held out"
                : string.Create(CultureInfo.InvariantCulture, $"--test-fraction {testFraction} holds out {heldOut} and leaves {training} to optimize on");
            throw new CliInputException(
                $"the task has {total} labeled example{(total == 1 ? string.Empty : "s")} and {split}; the run needs at least {minimumTraining} to optimize on and 1 held out"
                    + " for the evaluation. Add labeled examples" + (definition.HeldOut.Count > 0 ? "." : " or change --test-fraction."),
                path,
                field: "examples");
        }

        string[] answers = definition.Examples.Concat(definition.HeldOut).Select(e => definition.AnswerFormat.Normalize(e.Target)).Distinct(StringComparer.Ordinal).ToArray();
        if (answers.Length == 1 && !allowSingleClass)
        {
            throw new CliInputException(
                $"every labeled example has the answer '{answers[0]}': a prompt optimized and scored on one class learns to always give it, and its accuracy says nothing."
                    + " Add examples of the other answers, or pass --allow-single-class to run anyway.",
                path,
                field: "examples");
        }
    }
}
