namespace PromptForge;

/// <summary>
/// Where runs are saved. A run is a folder of files addressed by run-relative paths using '/'; every write
/// replaces a whole file atomically, so a crash never leaves a half-written artifact.
/// </summary>
/// <remarks>
/// The members with a default implementation (creating a run with its first files, appending, deleting, the
/// writer lock) work on any store through the basic members; a store overrides them to make them atomic, durable
/// or exclusive (<see cref="FileSystemRunStore"/> does all of that).
/// </remarks>
public interface IRunStore
{
    /// <summary>Creates a run and returns its id.</summary>
    /// <param name="requestedRunId">An id to use; <see langword="null"/> to generate a unique one.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The run id.</returns>
    /// <exception cref="ArgumentException"><paramref name="requestedRunId"/> is not a valid run id.</exception>
    /// <exception cref="InvalidOperationException">A run with <paramref name="requestedRunId"/> already exists.</exception>
    Task<string> CreateRunAsync(string? requestedRunId = null, CancellationToken cancellationToken = default);

    /// <summary>Tells whether a run exists.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> when the run exists.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is not a valid run id.</exception>
    Task<bool> RunExistsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Writes (or replaces) a file of a run atomically.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path, with '/' separators.</param>
    /// <param name="content">The content.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the file is durable.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="relativePath"/> is invalid.</exception>
    Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Writes (or replaces) a file of a run atomically, optionally without waiting for the disk.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path, with '/' separators.</param>
    /// <param name="content">The content.</param>
    /// <param name="flushToDisk">
    /// <see langword="false"/> to return before the content reaches the disk (the replacement stays atomic for readers and
    /// for a killed process; after a power loss the file may hold the old content). For batches committed by one
    /// later durable write. The default implementation always writes durably.
    /// </param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="relativePath"/> is invalid.</exception>
    Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, bool flushToDisk, CancellationToken cancellationToken = default) =>
        WriteFileAsync(runId, relativePath, content, cancellationToken);

    /// <summary>Reads a file of a run.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The content, or <see langword="null"/> when the file does not exist.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="relativePath"/> is invalid.</exception>
    Task<byte[]?> ReadFileAsync(string runId, string relativePath, CancellationToken cancellationToken = default);

    /// <summary>Lists the files of a run.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="directory">A run-relative folder to list; <see langword="null"/> for the whole run.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>Run-relative paths with '/' separators, sorted.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="directory"/> is invalid.</exception>
    Task<IReadOnlyList<string>> ListFilesAsync(string runId, string? directory = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the runs in the store.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The run ids, sorted.</returns>
    Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>Describes where a run lives (a folder path for the file-system store), for messages to the user.</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>The location, or <see langword="null"/> when the store has no such notion.</returns>
    string? GetRunLocation(string runId);

    /// <summary>Creates a run that holds its first files from the moment it exists.</summary>
    /// <param name="requestedRunId">An id to use; <see langword="null"/> to generate a unique one.</param>
    /// <param name="initialFiles">Given the run id, the run-relative paths and contents of the first files.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The run id.</returns>
    /// <remarks>
    /// The default creates the run and then writes the files in order, so a crash in between leaves a run without
    /// its last files; <see cref="FileSystemRunStore"/> writes them into a staging folder and renames it into place.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="initialFiles"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="requestedRunId"/> or a path is not valid.</exception>
    /// <exception cref="InvalidOperationException">A run with <paramref name="requestedRunId"/> already exists.</exception>
    async Task<string> CreateRunAsync(
        string? requestedRunId,
        Func<string, IReadOnlyList<KeyValuePair<string, ReadOnlyMemory<byte>>>> initialFiles,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialFiles);
        string runId = await CreateRunAsync(requestedRunId, cancellationToken).ConfigureAwait(false);
        foreach (var (path, content) in initialFiles(runId))
        {
            await WriteFileAsync(runId, path, content, cancellationToken).ConfigureAwait(false);
        }

        return runId;
    }

    /// <summary>Appends bytes to a file of a run (creating it), durably: the bytes are on disk when the task completes.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path.</param>
    /// <param name="content">The bytes to append (for JSON Lines, whole lines).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the bytes are durable.</returns>
    /// <remarks>The default reads the file and writes it back with the bytes added; a crash leaves the old or the new content.</remarks>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="relativePath"/> is invalid.</exception>
    /// <exception cref="InvalidOperationException">The run does not exist.</exception>
    async Task AppendFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        byte[]? existing = await ReadFileAsync(runId, relativePath, cancellationToken).ConfigureAwait(false);
        byte[] combined = new byte[(existing?.Length ?? 0) + content.Length];
        existing?.CopyTo(combined, 0);
        content.Span.CopyTo(combined.AsSpan(existing?.Length ?? 0));
        await WriteFileAsync(runId, relativePath, combined, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a file of a run; nothing happens when it does not exist.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the file is gone.</returns>
    /// <exception cref="NotSupportedException">The store cannot delete files (the default).</exception>
    Task DeleteFileAsync(string runId, string relativePath, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} cannot delete files.");

    /// <summary>
    /// Takes the run's writer lock: while it is held, no other writer (in this or another process) can take it.
    /// Leftover temporary files of an interrupted writer are removed once the lock is taken.
    /// </summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The lock; dispose it to release the run. The default store has no lock and returns one that guards nothing.</returns>
    /// <exception cref="RunLockedException">Another live writer holds the lock (the message names it).</exception>
    Task<RunWriterLock> AcquireWriterLockAsync(string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(RunWriterLock.None(runId));
}
