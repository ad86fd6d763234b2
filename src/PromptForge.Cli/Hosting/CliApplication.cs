using System.CommandLine;
using PromptForge.Cli.Commands;

namespace PromptForge.Cli.Hosting;

/// <summary>The promptforge command tree and its entry point.</summary>
internal static class CliApplication
{
    public static RootCommand CreateRootCommand(CliEnvironment environment)
    {
        var root = new RootCommand("promptforge: optimize task prompts (SIPDO) and synthetic-data generator prompts (SynSmith), then inspect, report and export the runs.")
        {
            InspectCommand.Create(environment),
            ReportCommand.Create(environment),
            ExportCommand.Create(environment),
        };
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        RootCommand root = CreateRootCommand(environment);
        ParseResult result = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = environment.Out, Error = environment.Error };
        int exitCode = await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);

        // System.CommandLine reports parse errors with exit code 1; bad command-line input is an input error (2).
        return result.Errors.Count > 0 && exitCode != ExitCodes.Success ? ExitCodes.InputError : exitCode;
    }
}
