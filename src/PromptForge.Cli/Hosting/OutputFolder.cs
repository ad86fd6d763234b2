namespace PromptForge.Cli.Hosting;

/// <summary>Checks <c>--out</c> and <c>--run-id</c> before a run starts, so an unusable folder is a message and exit code 2, not a crash halfway.</summary>
internal static class OutputFolder
{
    /// <summary>
    /// Refuses a runs folder that is a file, sits under a file, or cannot be written. Creates nothing: the write check
    /// runs in the folder, or in its nearest existing parent when it does not exist yet (the run creates it later).
    /// </summary>
    public static void EnsureWritable(string directory, string displayPath)
    {
        if (File.Exists(directory))
        {
            throw new CliInputException("is a file, not a folder; give a folder for the runs.", displayPath, field: "--out");
        }

        string existing = directory;
        while (!Directory.Exists(existing))
        {
            string? parent = Path.GetDirectoryName(existing);
            if (parent is null)
            {
                return;   // no existing ancestor (an unmounted drive): the run's own error says why
            }

            if (File.Exists(parent))
            {
                throw new CliInputException($"cannot be created: {parent} is a file.", displayPath, field: "--out");
            }

            existing = parent;
        }

        try
        {
            // Permissions, read-only mounts and ACLs all show in one place: whether a file can be created here.
            using var probe = new FileStream(
                Path.Combine(existing, ".promptforge-write-check-" + Guid.NewGuid().ToString("N")),
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
