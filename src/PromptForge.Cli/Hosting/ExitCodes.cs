namespace PromptForge.Cli.Hosting;

/// <summary>Process exit codes of the promptforge tool.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run or command failed (a model endpoint error, a failed run).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: a missing file, bad YAML, an unknown key, an invalid schema or dataset. Nothing was written.</summary>
    public const int InputError = 2;

    /// <summary>
    /// The run was interrupted (status Interrupted): the model provider was unavailable, refused the key, ran out of
    /// quota or rejected the request, or too many replies of one iteration were refused or malformed. The run is saved
    /// as of its last complete iteration; fix the cause and run <c>promptforge resume &lt;folder&gt;</c>.
    /// </summary>
    public const int Interrupted = 3;

    /// <summary>Cancelled with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
