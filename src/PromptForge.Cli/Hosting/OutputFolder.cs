namespace PromptForge.Cli.Hosting;

/// <summary>Checks <c>--out</c> and <c>--run-id</c> before a run starts, so an unusable folder is a message and exit code 2, not a crash halfway.</summary>
internal static class OutputFolder
{
    /// <summary>Refuses a runs folder that is a file, sits under a file, or cannot be written; creates it when missing.</summary>
    public static void EnsureWritable(string directory, string displayPath)
    {
        if (File.Exists(directory))
        {
            throw new CliInputException("is a file, not a folder; give a folder for the runs.", displayPath, field: "--out");
        }

        for (string? parent = Path.GetDirectoryName(directory); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                throw new CliInputException($"cannot be created: {parent} is a file.", displayPath, field: "--out");
            }
        }

        try
        {
            Directory.CreateDirectory(directory);

            // Permissions, read-only mounts and ACLs all show in one place: whether a file can be created here.
            using var probe = new FileStream(
                Path.Combine(directory, ".promptforge-write-check-" + Guid.NewGuid().ToString("N")),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"the folder cannot be written ({ex.Message}); give a writable folder.", displayPath, field: "--out", innerException: ex);
        }
    }

    /// <summary>Refuses a <c>--run-id</c> whose folder already exists (a run is never overwritten).</summary>
    public static void EnsureNewRun(string directory, string runId, Func<string, string> display)
    {
        string runDirectory = Path.Combine(directory, runId);
        if (Directory.Exists(runDirectory) || File.Exists(runDirectory))
        {
            throw new CliInputException(
                $"a run '{runId}' already exists in {display(directory)}; choose another id, or continue it with: promptforge resume {display(runDirectory)}",
                field: "--run-id");
        }
    }
}
