using System.Globalization;
using System.Text;

namespace PromptForge;

/// <summary>
/// The default <see cref="IRunStore"/>: one folder per run under <see cref="FileSystemRunStoreOptions.RootDirectory"/>,
/// files written atomically (temporary file in the same folder, flushed to disk, then renamed over the target).
/// </summary>
/// <remarks>
/// Generated run ids have the form <c>yyyyMMdd-HHmmss-xxxxxx</c> (UTC time stamp and 6 hexadecimal digits), so they
/// sort by creation time. A run folder is claimed exclusively with a marker file, so concurrent creators (threads or
/// processes) never receive the same id.
/// </remarks>
public sealed class FileSystemRunStore : IRunStore
{
    private const string RunMarkerFileName = ".promptforge~run";
    private const int MaxIdAttempts = 64;
    private static long s_tempFileCounter;

    private readonly string _rootDirectory;
    private readonly TimeProvider _timeProvider;
    private readonly Random? _idRandom;
    private readonly Lock _idRandomLock = new();

    /// <summary>Initializes a new instance of the <see cref="FileSystemRunStore"/> class.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid (every problem is listed).</exception>
    public FileSystemRunStore(FileSystemRunStoreOptions? options = null)
    {
        options ??= new FileSystemRunStoreOptions();
        options.Validate();
        _rootDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.RootDirectory));
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        _idRandom = options.IdSeed is int seed ? new Random(seed) : null;
    }

    /// <summary>Gets the full path of the folder that holds the runs.</summary>
    public string RootDirectory => _rootDirectory;

    /// <summary>Gets or sets a hook invoked after a temporary file is complete and before it replaces its target (tests use it to simulate a crash).</summary>
    internal Action<string>? TempFileWritten { get; set; }

    /// <inheritdoc />
    public Task<string> CreateRunAsync(string? requestedRunId = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _ = Directory.CreateDirectory(_rootDirectory);

        if (requestedRunId is not null)
        {
            RunStorePaths.ValidateRunId(requestedRunId, nameof(requestedRunId));
            if (!TryClaimRun(requestedRunId))
            {
                throw new InvalidOperationException($"Run '{requestedRunId}' already exists in '{_rootDirectory}'; choose another id or resume it.");
            }

            return Task.FromResult(requestedRunId);
        }

        for (int attempt = 0; attempt < MaxIdAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string runId = NextRunId();
            if (TryClaimRun(runId))
            {
                return Task.FromResult(runId);
            }
        }

        throw new IOException($"Could not create a unique run folder in '{_rootDirectory}' after {MaxIdAttempts} attempts.");
    }

    /// <inheritdoc />
    public Task<bool> RunExistsAsync(string runId, CancellationToken cancellationToken = default)
    {
        string runDirectory = GetRunDirectory(runId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Directory.Exists(runDirectory));
    }

    /// <inheritdoc />
    public async Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        string runDirectory = GetRunDirectory(runId);
        string targetPath = GetFilePath(runDirectory, relativePath, nameof(relativePath));
        cancellationToken.ThrowIfCancellationRequested();
        EnsureRunExists(runId, runDirectory);

        string directory = Path.GetDirectoryName(targetPath)!;
        _ = Directory.CreateDirectory(directory);

        long counter = Interlocked.Increment(ref s_tempFileCounter);
        string tempPath = Path.Combine(
            directory,
            string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(targetPath)}.{Environment.ProcessId:x}-{counter:x}{RunStorePaths.ReservedChar}tmp"));
        try
        {
            var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
            var stream = new FileStream(tempPath, streamOptions);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                // Durable before the rename: after a crash the target holds either the old or the new content.
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            TempFileWritten?.Invoke(tempPath);
            // rename(2) replaces the target atomically: readers and a crash see the old or the new content, never a mix.
            File.Move(tempPath, targetPath, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadFileAsync(string runId, string relativePath, CancellationToken cancellationToken = default)
    {
        string runDirectory = GetRunDirectory(runId);
        string path = GetFilePath(runDirectory, relativePath, nameof(relativePath));
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListFilesAsync(string runId, string? directory = null, CancellationToken cancellationToken = default)
    {
        string runDirectory = GetRunDirectory(runId);
        string listedDirectory = directory is null ? runDirectory : GetFilePath(runDirectory, directory, nameof(directory));
        cancellationToken.ThrowIfCancellationRequested();
        EnsureRunExists(runId, runDirectory);

        if (!Directory.Exists(listedDirectory))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        var files = new List<string>();
        foreach (string file in Directory.EnumerateFiles(listedDirectory, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Path.GetFileName(file).Contains(RunStorePaths.ReservedChar, StringComparison.Ordinal))
            {
                continue;
            }

            files.Add(Path.GetRelativePath(runDirectory, file).Replace(Path.DirectorySeparatorChar, '/'));
        }

        files.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(files);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!Directory.Exists(_rootDirectory))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        var runs = new List<string>();
        foreach (string directory in Directory.EnumerateDirectories(_rootDirectory))
        {
            string name = Path.GetFileName(directory);
            if (RunStorePaths.IsValidSegment(name))
            {
                runs.Add(name);
            }
        }

        runs.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(runs);
    }

    /// <inheritdoc />
    /// <returns>The full path of the run's folder (which may not exist yet).</returns>
    public string? GetRunLocation(string runId) => GetRunDirectory(runId);

    private static string GetFilePath(string runDirectory, string relativePath, string parameterName)
    {
        string[] segments = RunStorePaths.ValidateRelativePath(relativePath, parameterName);
        return RunStorePaths.Resolve(runDirectory, segments, relativePath, parameterName);
    }

    private static void EnsureRunExists(string runId, string runDirectory)
    {
        if (!Directory.Exists(runDirectory))
        {
            throw new InvalidOperationException($"Run '{runId}' does not exist (expected folder '{runDirectory}'); create it with {nameof(CreateRunAsync)} first.");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file is ignored by listings and never read.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string GetRunDirectory(string runId, string parameterName = "runId")
    {
        RunStorePaths.ValidateRunId(runId, parameterName);
        return RunStorePaths.Resolve(_rootDirectory, [runId], runId, parameterName);
    }

    private string NextRunId()
    {
        int suffix;
        if (_idRandom is null)
        {
            suffix = Random.Shared.Next(1 << 24);
        }
        else
        {
            lock (_idRandomLock)
            {
                suffix = _idRandom.Next(1 << 24);
            }
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        return string.Create(CultureInfo.InvariantCulture, $"{now:yyyyMMdd-HHmmss}-{suffix:x6}");
    }

    /// <summary>Claims a run folder: succeeds for exactly one caller, even across processes.</summary>
    private bool TryClaimRun(string runId)
    {
        string runDirectory = GetRunDirectory(runId);
        if (Directory.Exists(runDirectory))
        {
            return false;
        }

        _ = Directory.CreateDirectory(runDirectory);
        string markerPath = Path.Combine(runDirectory, RunMarkerFileName);
        try
        {
            // CreateNew is atomic in the file system: two creators racing for the same folder cannot both succeed.
            using var marker = new FileStream(markerPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            byte[] stamp = Encoding.UTF8.GetBytes(_timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            marker.Write(stamp);
            return true;
        }
        catch (IOException) when (File.Exists(markerPath))
        {
            return false;
        }
    }
}
