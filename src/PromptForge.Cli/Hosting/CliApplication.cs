using System.CommandLine;
using PromptForge.Cli.Commands;

namespace PromptForge.Cli.Hosting;

/// <summary>The promptforge command tree and its entry point.</summary>
internal static class CliApplication
{
    /// <param name="environment">Output, environment variables, clock and working directory.</param>
    /// <param name="extraCommands">Additional commands (tests add loop commands over toy components).</param>
    public static RootCommand CreateRootCommand(CliEnvironment environment, IReadOnlyList<Func<CliEnvironment, Command>>? extraCommands = null)
    {
        var root = new RootCommand("promptforge: optimize task prompts (SIPDO) and synthetic-data generator prompts (SynSmith), then inspect, report and export the runs.")
        {
            SynthesizeCommand.Create(environment),
            OptimizeCommand.Create(environment),
            EvaluateCommand.Create(environment),
            InspectCommand.Create(environment),
            ReportCommand.Create(environment),
            AuditCommand.Create(environment),
            ExportCommand.Create(environment),
            ResumeCommand.Create(environment, () => CreateRootCommand(environment, extraCommands)),
            EstimateCommand.Create(environment, () => CreateRootCommand(environment, extraCommands)),
            ExperimentCommand.Create(environment, () => CreateRootCommand(environment, extraCommands)),
        };
        foreach (Func<CliEnvironment, Command> extra in extraCommands ?? [])
        {
            root.Add(extra(environment));
        }

        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">Output, environment variables, clock and working directory.</param>
    /// <param name="cancellationToken">Cancelled by Ctrl+C.</param>
    /// <param name="extraCommands">Additional commands (tests).</param>
    public static async Task<int> RunAsync(
        string[] args, CliEnvironment environment, CancellationToken cancellationToken = default, IReadOnlyList<Func<CliEnvironment, Command>>? extraCommands = null)
    {
        RootCommand root = CreateRootCommand(environment, extraCommands);
        return await InvokeAsync(root.Parse(args), environment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Invokes a parsed command line (also used by resume and estimate to re-dispatch).</summary>
    public static async Task<int> InvokeAsync(ParseResult result, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var configuration = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,

            // Ctrl+C cancels the command's token; the loop then saves the run, which can take longer than the 2 s default.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        int exitCode = await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);

        // System.CommandLine reports parse errors with exit code 1; bad command-line input is an input error (2).
        return result.Errors.Count > 0 && exitCode != ExitCodes.Success ? ExitCodes.InputError : exitCode;
    }
}
