namespace PromptForge;

/// <summary>
/// The writer lock of one run, from <see cref="IRunStore.AcquireWriterLockAsync"/>: the holder is the only process
/// that writes the run. Dispose it to release the run.
/// </summary>
public sealed class RunWriterLock : IAsyncDisposable
{
    private readonly Func<ValueTask>? _release;
    private int _released;

    /// <summary>Initializes a new instance of the <see cref="RunWriterLock"/> class (for <see cref="IRunStore"/> implementations).</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="holder">A description of the holder (process id, host, start time).</param>
    /// <param name="takenOverFrom">The stale holder this lock replaced, when it was taken over; otherwise <see langword="null"/>.</param>
    /// <param name="release">Releases the lock; called once, on the first dispose.</param>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="holder"/> is null or empty.</exception>
    public RunWriterLock(string runId, string holder, string? takenOverFrom, Func<ValueTask>? release)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        RunId = runId;
        Holder = holder;
        TakenOverFrom = takenOverFrom;
        _release = release;
    }

    /// <summary>Gets the run id.</summary>
    public string RunId { get; }

    /// <summary>Gets a description of the holder: this process.</summary>
    public string Holder { get; }

    /// <summary>Gets the stale holder (a process that died without releasing the lock) this lock replaced, if any.</summary>
    public string? TakenOverFrom { get; }

    /// <summary>Releases the lock.</summary>
    /// <returns>A task that completes when the lock is released.</returns>
    public ValueTask DisposeAsync() =>
        _release is not null && Interlocked.Exchange(ref _released, 1) == 0 ? _release() : ValueTask.CompletedTask;

    internal static RunWriterLock None(string runId) => new(runId, "a store without locks", takenOverFrom: null, release: null);
}
