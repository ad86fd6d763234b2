namespace PromptForge;

/// <summary>Thrown when a run's writer lock is held by another live writer: two writers of one run would both pay and disagree.</summary>
public sealed class RunLockedException : PromptForgeException
{
    /// <summary>Initializes a new instance of the <see cref="RunLockedException"/> class.</summary>
    public RunLockedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunLockedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public RunLockedException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunLockedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RunLockedException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunLockedException"/> class for a run and its holder.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="holder">A description of the writer that holds the lock.</param>
    public RunLockedException(string runId, string holder)
        : base($"Run '{runId}' is being written by another process ({holder}); only one writer per run is allowed. Wait for it to finish, or stop it first.")
    {
        RunId = runId;
        Holder = holder;
    }

    /// <summary>Gets the run id.</summary>
    public string? RunId { get; }

    /// <summary>Gets a description of the holder (process id, host, start time).</summary>
    public string? Holder { get; }
}
