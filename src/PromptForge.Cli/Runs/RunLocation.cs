using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Runs;

/// <summary>A run folder given on the command line, opened as a run id inside a run store rooted at its parent folder.</summary>
internal sealed record RunLocation(IRunStore Store, string RunId, string Directory)
{
    public const string ManifestFile = "manifest.json";

    /// <summary>Opens <paramref name="runDirectory"/>; a folder that does not exist or has no manifest is a <see cref="CliInputException"/>.</summary>
    public static RunLocation Open(string runDirectory, string displayPath)
    {
        string directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDirectory));
        if (!System.IO.Directory.Exists(directory))
        {
            throw new CliInputException("the run folder does not exist.", displayPath);
        }

        if (!File.Exists(Path.Combine(directory, ManifestFile)))
        {
            throw new CliInputException($"not a run folder: it has no {ManifestFile}.", displayPath);
        }

        string root = Path.GetDirectoryName(directory) ?? directory;
        string runId = Path.GetFileName(directory);
        var store = new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = root });
        try
        {
            // Validates the folder name as a run id up front, so a bad name is an input error rather than a crash later.
            _ = store.GetRunLocation(runId);
        }
        catch (ArgumentException ex)
        {
            throw new CliInputException($"the folder name is not a valid run id: {ex.Message}", displayPath, innerException: ex);
        }

        return new RunLocation(store, runId, directory);
    }
}
