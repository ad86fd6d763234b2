namespace PromptForge;

/// <summary>
/// Stores the artifacts of prompt-optimization runs: one folder-like container per run holding files
/// addressed by run-relative paths (for example <c>iter_003/samples.jsonl</c>).
/// </summary>
/// <remarks>
/// Files are always written whole and atomically, so a reader never observes a partially written file and an
/// interrupted run can be resumed from what is on disk. Run ids and relative paths are validated: only the
/// characters <c>A-Z a-z 0-9 . _ -</c>, no <c>..</c>, and (for paths) segments separated by <c>/</c>.
/// </remarks>
public interface IRunStore
{
    /// <summary>Creates a new, empty run and returns its id.</summary>
    /// <param name="requestedRunId">The id to use, or <see langword="null"/> to generate a unique one.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The id of the created run.</returns>
    /// <exception cref="ArgumentException"><paramref name="requestedRunId"/> is not a valid run id.</exception>
    /// <exception cref="InvalidOperationException">A run with <paramref name="requestedRunId"/> already exists.</exception>
    Task<string> CreateRunAsync(string? requestedRunId = null, CancellationToken cancellationToken = default);

    /// <summary>Determines whether a run exists.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> when the run exists.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is not a valid run id.</exception>
    Task<bool> RunExistsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Writes a whole file atomically, replacing any previous content.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path, with segments separated by <c>/</c>.</param>
    /// <param name="content">The complete content of the file.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the file is durably in place.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="relativePath"/> is not valid.</exception>
    /// <exception cref="InvalidOperationException">The run does not exist.</exception>
    Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Reads a whole file.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path, with segments separated by <c>/</c>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The content, or <see langword="null"/> when the run or the file does not exist.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="relativePath"/> is not valid.</exception>
    Task<byte[]?> ReadFileAsync(string runId, string relativePath, CancellationToken cancellationToken = default);

    /// <summary>Lists the files of a run, recursively.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="directory">A run-relative directory to list, or <see langword="null"/> for the whole run.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The run-relative paths (segments separated by <c>/</c>), in ordinal order; empty when <paramref name="directory"/> does not exist.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="directory"/> is not valid.</exception>
    /// <exception cref="InvalidOperationException">The run does not exist.</exception>
    Task<IReadOnlyList<string>> ListFilesAsync(string runId, string? directory = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the ids of the stored runs.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The run ids in ordinal order (generated ids sort by creation time).</returns>
    Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets a human-readable location of a run (for example its folder), to print for the user.</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>The location, or <see langword="null"/> when the store has no meaningful location.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is not a valid run id.</exception>
    string? GetRunLocation(string runId);
}
