using System.CommandLine;
using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Runs;

namespace PromptForge.Cli.Commands;

/// <summary>
/// <c>promptforge resume &lt;run-dir&gt;</c>: continues a cancelled or interrupted run from its last complete iteration,
/// rebuilding the same loop from the invocation recorded in the run's config.json.
/// </summary>
internal static class ResumeCommand
{
    public static Command Create(CliEnvironment environment, Func<RootCommand> root)
    {
        var runDirectory = new Argument<string>("run-dir") { Description = "The run folder (runs/<run-id>) to continue." };
        var command = new Command("resume", "Continue a cancelled or interrupted run from its last complete iteration.") { runDirectory };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(
            environment, token => ExecuteAsync(environment, root, result.GetRequiredValue(runDirectory), token), cancellationToken));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliEnvironment environment, Func<RootCommand> root, string runDirectory, CancellationToken cancellationToken)
    {
        RunLocation location = RunLocation.Open(environment.ResolvePath(runDirectory), runDirectory);

        // A cut-short manifest or checkpoint is named with its line; then the store checks format and journal.
        RunFileCheck.EnsureReadable(location.Directory, environment.DisplayPath);
        try
        {
            // Validates the manifest, the checkpoint's format and the journal before anything runs or is written.
            _ = await location.Store.ReadRunManifestAsync(location.RunId, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new CliInputException(ex.Message, location.Directory, innerException: ex);
        }

        JsonObject? config;
        try
        {
            config = await location.Store.ReadJsonAsync(location.RunId, RunFolderReader.ConfigFile, PromptForgeJsonContext.Default.JsonObject, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new CliInputException(ex.Message, environment.DisplayPath(Path.Combine(location.Directory, RunFolderReader.ConfigFile)), innerException: ex);
        }

        if (config?["cli"]?["invocation"] is not JsonObject invocation
            || invocation["command"]?.ToString() is not { Length: > 0 } commandName
            || invocation["arguments"] is not JsonArray arguments)
        {
            throw new CliInputException("the run was not started by the promptforge tool (config.json has no cli.invocation), so it cannot be resumed here.",
                Path.Combine(location.Directory, RunFolderReader.ConfigFile), field: "cli.invocation");
        }

        string[] args =
        [
            commandName,
            .. arguments.Select(a => a?.ToString() ?? string.Empty),
            "--out", Path.GetDirectoryName(location.Directory)!,
            "--resume-run", location.RunId,
        ];
        return await CliApplication.InvokeAsync(root().Parse(args), environment, cancellationToken).ConfigureAwait(false);
    }
}
