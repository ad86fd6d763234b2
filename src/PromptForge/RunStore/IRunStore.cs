namespace PromptForge;

/// <summary>
/// Where runs are saved. A run is a folder of files addressed by run-relative paths using '/'; every write
/// replaces a whole file atomically, so a crash never leaves a half-written artifact.
/// </summary>
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
}
