using System.Globalization;
using System.Text;

namespace PromptForge.Testing;

/// <summary>
/// An <see cref="IRunStore"/> that keeps runs in memory, for tests that inspect the artifacts a loop writes or
/// interrupt a run at a chosen write. Thread-safe. It accepts and rejects run ids and paths exactly like
/// <see cref="FileSystemRunStore"/> (the same shared validation source), so a test that passes here does not
/// fail on disk over a name.
/// </summary>
/// <remarks>
/// Generated run ids are <c>run-001</c>, <c>run-002</c>, ... in creation order (skipping ids already taken), so
/// tests can predict them. Every write stores a copy of the content: it replaces the whole file, like the atomic
/// writes of the file-system store.
/// </remarks>
public sealed class InMemoryRunStore : IRunStore
{
    private const string LocationScheme = "memory://";

    private readonly Dictionary<string, SortedDictionary<string, byte[]>> _runs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _lastGeneratedNumber;

    /// <summary>
    /// Gets or sets a hook called with the run id and the run-relative path before every write. Throw from it to
    /// simulate a crash at that write: the file then keeps its previous content (or stays absent).
    /// </summary>
    /// <value>The default is <see langword="null"/> (no hook).</value>
    public Action<string, string>? BeforeWrite { get; set; }

    /// <inheritdoc />
    public Task<string> CreateRunAsync(string? requestedRunId = null, CancellationToken cancellationToken = default)
    {
        if (requestedRunId is not null)
        {
            RunStorePaths.ValidateRunId(requestedRunId, nameof(requestedRunId));
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (requestedRunId is not null)
            {
                if (!_runs.TryAdd(requestedRunId, NewRun()))
                {
                    throw new InvalidOperationException($"Run '{requestedRunId}' already exists in the in-memory store; choose another id or resume it.");
                }

                return Task.FromResult(requestedRunId);
            }

            string runId;
            do
            {
                runId = string.Create(CultureInfo.InvariantCulture, $"run-{++_lastGeneratedNumber:000}");
            }
            while (!_runs.TryAdd(runId, NewRun()));

            return Task.FromResult(runId);
        }
    }

    /// <inheritdoc />
    public Task<bool> RunExistsAsync(string runId, CancellationToken cancellationToken = default)
    {
        RunStorePaths.ValidateRunId(runId, nameof(runId));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_runs.ContainsKey(runId));
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The run does not exist.</exception>
    /// <exception cref="IOException">A folder of <paramref name="relativePath"/> is a file, or the path is a folder (as on disk).</exception>
    public Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        RunStorePaths.ValidateRunId(runId, nameof(runId));
        _ = RunStorePaths.ValidateRelativePath(relativePath, nameof(relativePath));
        cancellationToken.ThrowIfCancellationRequested();

        // Outside the lock: the hook may read the store, and what it throws must leave the store unchanged.
        BeforeWrite?.Invoke(runId, relativePath);

        byte[] copy = content.ToArray();
        lock (_lock)
        {
            var files = GetRun(runId);
            ThrowIfFileFolderConflict(files, relativePath);
            files[relativePath] = copy;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<byte[]?> ReadFileAsync(string runId, string relativePath, CancellationToken cancellationToken = default)
    {
        RunStorePaths.ValidateRunId(runId, nameof(runId));
        _ = RunStorePaths.ValidateRelativePath(relativePath, nameof(relativePath));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_runs.TryGetValue(runId, out var files) && files.TryGetValue(relativePath, out var bytes) ? bytes.ToArray() : null);
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The run does not exist.</exception>
    public Task<IReadOnlyList<string>> ListFilesAsync(string runId, string? directory = null, CancellationToken cancellationToken = default)
    {
        RunStorePaths.ValidateRunId(runId, nameof(runId));
        if (directory is not null)
        {
            _ = RunStorePaths.ValidateRelativePath(directory, nameof(directory));
        }

        cancellationToken.ThrowIfCancellationRequested();
        string? prefix = directory is null ? null : directory + "/";
        lock (_lock)
        {
            // SortedDictionary with an ordinal comparer: the keys are already in the order the interface promises.
            return Task.FromResult<IReadOnlyList<string>>(
                GetRun(runId).Keys.Where(path => prefix is null || path.StartsWith(prefix, StringComparison.Ordinal)).ToArray());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>(_runs.Keys.Order(StringComparer.Ordinal).ToArray());
        }
    }

    /// <inheritdoc />
    /// <returns><c>memory://</c> followed by the run id.</returns>
    public string? GetRunLocation(string runId)
    {
        RunStorePaths.ValidateRunId(runId, nameof(runId));
        return LocationScheme + runId;
    }

    /// <summary>Reads a file of a run as UTF-8 text.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="relativePath"/> is invalid.</exception>
    /// <exception cref="InvalidOperationException">The run does not exist.</exception>
    /// <exception cref="FileNotFoundException">The run has no such file (the message lists the files it has).</exception>
    public string ReadText(string runId, string relativePath)
    {
        RunStorePaths.ValidateRunId(runId, nameof(runId));
        _ = RunStorePaths.ValidateRelativePath(relativePath, nameof(relativePath));
        lock (_lock)
        {
            var files = GetRun(runId);
            return files.TryGetValue(relativePath, out var bytes)
                ? Encoding.UTF8.GetString(bytes)
                : throw new FileNotFoundException(
                    $"Run '{runId}' has no file '{relativePath}'. It has: {(files.Count == 0 ? "no files" : string.Join(", ", files.Keys))}.",
                    relativePath);
        }
    }

    /// <summary>Takes a snapshot of every file of a run.</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>The files by run-relative path, in ordinal order; copies that later writes do not change.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is invalid.</exception>
    /// <exception cref="InvalidOperationException">The run does not exist.</exception>
    public IReadOnlyDictionary<string, byte[]> Files(string runId)
    {
        RunStorePaths.ValidateRunId(runId, nameof(runId));
        lock (_lock)
        {
            var snapshot = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var (path, bytes) in GetRun(runId))
            {
                snapshot[path] = bytes.ToArray();
            }

            return snapshot;
        }
    }

    private static SortedDictionary<string, byte[]> NewRun() => new(StringComparer.Ordinal);

    /// <summary>On disk a path cannot be both a file and a folder; failing here keeps tests honest about that.</summary>
    private static void ThrowIfFileFolderConflict(SortedDictionary<string, byte[]> files, string relativePath)
    {
        for (int slash = relativePath.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = relativePath.IndexOf('/', slash + 1))
        {
            string folder = relativePath[..slash];
            if (files.ContainsKey(folder))
            {
                throw new IOException($"Cannot write '{relativePath}': '{folder}' is a file, not a folder.");
            }
        }

        string asFolder = relativePath + "/";
        if (files.Keys.Any(path => path.StartsWith(asFolder, StringComparison.Ordinal)))
        {
            throw new IOException($"Cannot write '{relativePath}': it is a folder that holds other files.");
        }
    }

    private SortedDictionary<string, byte[]> GetRun(string runId) =>
        _runs.TryGetValue(runId, out var files)
            ? files
            : throw new InvalidOperationException($"Run '{runId}' does not exist in the in-memory store; create it with {nameof(CreateRunAsync)} first.");
}
