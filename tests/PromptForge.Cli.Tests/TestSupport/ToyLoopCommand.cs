using System.CommandLine;
using PromptForge.Cli.Commands;
using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Tests.TestSupport;

/// <summary>
/// A loop command over toy components (a generator that asks the generator role for each sample, a length critic),
/// used to test the shared loop-command machinery (providers, progress, Ctrl+C, resume) independently of SIPDO/SynSmith.
/// </summary>
internal static class ToyLoopCommand
{
    public const string Name = "toy";

    /// <summary>Cancelled by the critic when it reaches <see cref="CancelAtIteration"/> (simulates Ctrl+C mid-run).</summary>
    public static CancellationTokenSource? CancelSource { get; set; }

    public static int CancelAtIteration { get; set; } = int.MaxValue;

    public static Command Create(CliEnvironment environment)
    {
        var loop = new LoopCommand();
        var iterations = new Option<int>("--iterations") { DefaultValueFactory = _ => 3 };
        var condition = new Option<string?>("--condition");
        var command = new Command(Name, "toy loop for tests") { iterations, condition };
        loop.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(environment, async token =>
        {
            (int exitCode, _, _) = await loop.RunAsync(environment, result, Name, (builder, _, _) => builder
                .WithGenerator(new ToyGenerator())
                .WithCritic("length", (context, _) =>
                {
                    if (context.Iteration >= CancelAtIteration)
                    {
                        CancelSource?.Cancel();
                    }

                    double mean = context.Samples.Average(s => s.Input.Length);
                    return Task.FromResult(new Critique
                    {
                        CriticName = "length",
                        Metrics = new Dictionary<string, MetricValue> { ["mean_length"] = MetricValue.Measured(mean, context.Samples.Count) },
                    });
                })
                .WithMaxIterations(result.GetValue(iterations))
                .WithSamplesPerIteration(result.GetValue(condition) == "small" ? 1 : 2), "Write one short sample.", token);
            return exitCode;
        }, cancellationToken));
        return command;
    }

    private sealed class ToyGenerator : IGenerator
    {
        public async Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
        {
            var samples = new List<Sample>();
            for (int i = 0; i < context.SampleCount; i++)
            {
                ModelResponse response = await context.Models.GetResponseAsync(
                    new ModelRequest(ModelRole.Generator, context.Prompt.Text, $"Sample {i} of iteration {context.Iteration}."), cancellationToken);
                samples.Add(new Sample { Id = SampleIds.Create(context.Iteration, i), Input = response.Text });
            }

            return new GenerationResult { Samples = samples };
        }
    }
}
