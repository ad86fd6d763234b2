using System.CommandLine;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Providers;
using PromptForge.SynSmith;

namespace PromptForge.Cli.Commands;

/// <summary><c>promptforge synthesize &lt;config.yaml&gt;</c>: a SynSmith run on a SynSmith config file, read as the reference writes it.</summary>
internal static class SynthesizeCommand
{
    public const string Name = "synthesize";

    public static Command Create(CliEnvironment environment)
    {
        var config = new Argument<string>("config") { Description = "A SynSmith config.yaml (schema_path, real_examples_path, initial_prompt, iterations, ...)." };
        var condition = new Option<string?>("--condition")
        {
            Description = "The ablation condition: naive, few_shot, self_critique, realism_only, diversity_only, full_classic or full (default).",
        };
        var iterations = new Option<int?>("--iterations") { Description = "Iterations (overrides the config file)." };
        var samples = new Option<int?>("--samples-per-iteration") { Description = "Samples per iteration (overrides the config file)." };
        var loop = new LoopCommand();
        var command = new Command(Name, "Run SynSmith: debug a synthetic-data generator prompt with critics, from a SynSmith config file.")
        {
            config, condition, iterations, samples,
        };
        loop.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(environment, async token =>
        {
            string configPath = result.GetRequiredValue(config);
            SynSmithConfigFile file = Load(environment.ResolvePath(configPath), configPath);
            SynSmithCondition? chosen = null;
            if (result.GetValue(condition) is { } name)
            {
                chosen = SynSmithConditionNames.TryParse(name, out SynSmithCondition parsed)
                    ? parsed
                    : throw new CliInputException($"unknown condition '{name}'.", field: "--condition");
            }

            string initialPrompt = file.InitialPrompt is { Length: > 0 } prompt
                ? prompt
                : throw new CliInputException("the config has no initial_prompt.", configPath, field: "initial_prompt");

            (int exitCode, _, _) = await loop.RunAsync(environment, result, Name, (builder, provider, _) =>
            {
                try
                {
                    builder.UseSynSmith(file, options => options.Condition = chosen ?? options.Condition);
                }
                catch (SynSmithInputException ex)
                {
                    throw ToInputError(ex, configPath);
                }

                // Command-line values win over the config file's.
                if (result.GetValue(iterations) is { } n)
                {
                    builder.WithMaxIterations(n);
                }

                if (result.GetValue(samples) is { } k)
                {
                    builder.WithSamplesPerIteration(k);
                }

                if (result.GetValue(loop.Seed) is { } seed)
                {
                    builder.WithSeed(seed);
                }

                return ModelOverrides.Apply(builder, provider, [SynSmithRoles.Generator, SynSmithRoles.AttributeVerifier, SynSmithRoles.RealismDiscriminator, SynSmithRoles.DiversityAuditor, SynSmithRoles.PackDiscriminator, SynSmithRoles.ModeHunter, SynSmithRoles.Updater]);
            }, initialPrompt, token).ConfigureAwait(false);
            return exitCode;
        }, cancellationToken));
        return command;
    }

    private static SynSmithConfigFile Load(string path, string displayPath)
    {
        if (!File.Exists(path))
        {
            throw new CliInputException("the config file does not exist.", displayPath);
        }

        try
        {
            return SynSmithConfigFile.Load(path);
        }
        catch (SynSmithInputException ex)
        {
            throw ToInputError(ex, displayPath);
        }
    }

    private static CliInputException ToInputError(SynSmithInputException ex, string displayPath) => ex.Problems switch
    {
        [var only] => new CliInputException(only.Message, only.File, only.Line, only.Field, ex),
        { Count: > 1 } problems => new CliInputException(
            $"{problems.Count} problems:\n  " + string.Join("\n  ", problems.Select(p => new CliInputException(p.Message, p.File, p.Line, p.Field).ToDisplayString())),
            innerException: ex),
        _ => new CliInputException(ex.Message, displayPath, innerException: ex),
    };
}
