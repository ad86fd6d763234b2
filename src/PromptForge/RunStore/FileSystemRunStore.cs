using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PromptForge;

/// <summary>
/// The default <see cref="IRunStore"/>: one folder per run under <see cref="FileSystemRunStoreOptions.RootDirectory"/>,
/// files written atomically (temporary file in the same folder, flushed to disk, then renamed over the target).
/// </summary>
/// <remarks>
/// Generated run ids have the form <c>yyyyMMdd-HHmmss-xxxxxx</c> (UTC time stamp and 6 hexadecimal digits), so they
/// sort by creation time. A run folder is claimed exclusively with a marker file, so concurrent creators (threads or
/// processes) never receive the same id. A run created with its first files is assembled in a staging folder and
/// renamed into place, so it never exists without them. The writer lock is a file in the run folder naming the
/// process, host and start time; a lock left by a process that died on this host is taken over.
/// </remarks>
public sealed class FileSystemRunStore : IRunStore
{
    private const string RunMarkerFileName = ".promptforge~run";
    private const string LockFileName = ".promptforge~lock";
    private const string StagingMarker = "~staging-";
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

    /// <summary>
    /// Gets or sets a hook invoked at every write point: after a temporary file (or a staged run folder) is complete and
    /// before it replaces its target, and before an append (tests use it to simulate a crash).
    /// </summary>
    internal Action<string>? TempFileWritten { get; set; }

    /// <inheritdoc />
    public async Task<string> CreateRunAsync(
        string? requestedRunId,
        Func<string, IReadOnlyList<KeyValuePair<string, ReadOnlyMemory<byte>>>> initialFiles,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialFiles);
        cancellationToken.ThrowIfCancellationRequested();
        _ = Directory.CreateDirectory(_rootDirectory);
        RemoveAbandonedStagingFolders();
        if (requestedRunId is not null)
        {
            RunStorePaths.ValidateRunId(requestedRunId, nameof(requestedRunId));
        }

        for (int attempt = 0; attempt < MaxIdAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string runId = requestedRunId ?? NextRunId();
            string runDirectory = GetRunDirectory(runId);
            if (!Directory.Exists(runDirectory))
            {
                string staging = Path.Combine(_rootDirectory, string.Create(CultureInfo.InvariantCulture, $".{runId}{StagingMarker}{Environment.ProcessId:x}-{Interlocked.Increment(ref s_tempFileCounter):x}"));
                try
                {
                    await StageRunAsync(staging, runId, initialFiles(runId), cancellationToken).ConfigureAwait(false);
                    TempFileWritten?.Invoke(staging);
                    // rename(2) of a folder fails on an existing, non-empty target, and every run folder holds its marker:
                    // of two creators racing for one id, exactly one wins.
                    Directory.Move(staging, runDirectory);
                    return runId;
                }
                catch (IOException) when (Directory.Exists(runDirectory))
                {
                    TryDeleteDirectory(staging);
                }
                catch
                {
                    TryDeleteDirectory(staging);
                    throw;
                }
            }

            if (requestedRunId is not null)
            {
                throw new InvalidOperationException($"Run '{requestedRunId}' already exists in '{_rootDirectory}'; choose another id or resume it.");
            }
        }

        throw new IOException($"Could not create a unique run folder in '{_rootDirectory}' after {MaxIdAttempts} attempts.");
    }

    /// <inheritdoc />
    public async Task AppendFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        string runDirectory = GetRunDirectory(runId);
        string targetPath = GetFilePath(runDirectory, relativePath, nameof(relativePath));
        cancellationToken.ThrowIfCancellationRequested();
        EnsureRunExists(runId, runDirectory);
        _ = Directory.CreateDirectory(Path.GetDirectoryName(targetPath)!);
        TempFileWritten?.Invoke(targetPath);

        var streamOptions = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read, Options = FileOptions.Asynchronous };
        var stream = new FileStream(targetPath, streamOptions);
        await using (stream.ConfigureAwait(false))
        {
            // One write of whole lines: a crash leaves them complete or the last one torn, which readers skip.
            await stream.WriteAsync(content, CancellationToken.None).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <inheritdoc />
    public Task DeleteFileAsync(string runId, string relativePath, CancellationToken cancellationToken = default)
    {
        string runDirectory = GetRunDirectory(runId);
        string path = GetFilePath(runDirectory, relativePath, nameof(relativePath));
        cancellationToken.ThrowIfCancellationRequested();
        EnsureRunExists(runId, runDirectory);
        File.Delete(path);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The lock file (<c>.promptforge~lock</c>, JSON with process id, host and start time) is created atomically. A lock
    /// whose process no longer runs on this host (or whose process id now belongs to a later process) is stale and is
    /// taken over; <see cref="RunWriterLock.TakenOverFrom"/> names it. A lock from another host is never taken over.
    /// </remarks>
    public async Task<RunWriterLock> AcquireWriterLockAsync(string runId, CancellationToken cancellationToken = default)
    {
        string runDirectory = GetRunDirectory(runId);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureRunExists(runId, runDirectory);
        string lockPath = Path.Combine(runDirectory, LockFileName);
        // The real clock, not the injected one: the start time is compared with the operating system's process start time
        // to tell a live holder from a recycled process id.
        var mine = new RunLockInfo { ProcessId = Environment.ProcessId, Host = Environment.MachineName, StartedAt = TimeProvider.System.GetUtcNow() };
        byte[] content = CompactJson.Serialize(mine, PromptForgeInternalJsonContext.Default.RunLockInfo);
        string? takenOver = null;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string tempPath = lockPath + string.Create(CultureInfo.InvariantCulture, $".{Environment.ProcessId:x}-{Interlocked.Increment(ref s_tempFileCounter):x}{RunStorePaths.ReservedChar}tmp");
            await File.WriteAllBytesAsync(tempPath, content, cancellationToken).ConfigureAwait(false);
            try
            {
                // Without overwrite the move is a link(2): it fails if a lock exists, so the lock appears complete or not at all.
                File.Move(tempPath, lockPath, overwrite: false);
                RemoveLeftoverTemporaryFiles(runDirectory);
                return new RunWriterLock(runId, mine.Describe(), takenOver, () => ReleaseLock(lockPath, content));
            }
            catch (IOException) when (File.Exists(lockPath))
            {
                TryDelete(tempPath);
            }
            catch
            {
                TryDelete(tempPath);
                throw;
            }

            byte[]? held = TryReadAllBytes(lockPath);
            RunLockInfo? holder = held is null ? null : TryParseLock(held);
            if (held is null)
            {
                continue; // Released in between: try again.
            }

            if (holder is null || IsAlive(holder))
            {
                throw new RunLockedException(runId, holder?.Describe() ?? $"an unreadable lock file '{lockPath}'; delete it if no process writes this run");
            }

            // Stale: move it aside (only one taker can), and make sure what moved is the lock judged stale.
            string stalePath = lockPath + string.Create(CultureInfo.InvariantCulture, $".{Environment.ProcessId:x}-{Interlocked.Increment(ref s_tempFileCounter):x}{RunStorePaths.ReservedChar}stale");
            try
            {
                File.Move(lockPath, stalePath, overwrite: false);
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            byte[]? moved = TryReadAllBytes(stalePath);
            if (moved is null || !moved.AsSpan().SequenceEqual(held))
            {
                // Another taker replaced the stale lock in between: put its lock back and give way.
                try
                {
                    File.Move(stalePath, lockPath, overwrite: false);
                }
                catch (IOException)
                {
                }

                throw new RunLockedException(runId, moved is not null && TryParseLock(moved) is { } live ? live.Describe() : "another process");
            }

            TryDelete(stalePath);
            takenOver = holder.Describe();
        }

        throw new IOException($"Could not take the writer lock of run '{runId}' ('{lockPath}') after several attempts.");
    }

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
    public Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        WriteFileAsync(runId, relativePath, content, flushToDisk: true, cancellationToken);

    /// <inheritdoc />
    public async Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, bool flushToDisk, CancellationToken cancellationToken = default)
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
                // Durable before the rename: after a crash the target holds either the old or the new content. A caller
                // that commits a batch of files with one later durable write (the loop's journal) skips the flush.
                stream.Flush(flushToDisk);
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

    private static ValueTask ReleaseLock(string lockPath, byte[] content)
    {
        // Only our own lock: after a takeover by another process (we were judged dead) the file is theirs.
        if (TryReadAllBytes(lockPath) is { } held && held.AsSpan().SequenceEqual(content))
        {
            TryDelete(lockPath);
        }

        return ValueTask.CompletedTask;
    }

    private static RunLockInfo? TryParseLock(byte[] content)
    {
        try
        {
            return JsonSerializer.Deserialize(content, PromptForgeInternalJsonContext.Default.RunLockInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsAlive(RunLockInfo holder)
    {
        if (!string.Equals(holder.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            return true; // Another host: its processes cannot be checked from here.
        }

        return IsProcessAlive(holder.ProcessId, holder.StartedAt);
    }

    /// <summary>
    /// A killed process that its parent has not reaped yet (a container shell that never waits keeps it forever) still
    /// has its id, and .NET reports it as running; on Linux /proc says it is a zombie: it runs nothing and writes nothing.
    /// </summary>
    private static bool IsZombie(int processId)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // /proc/<pid>/stat: "pid (command) state ...", where the command may itself contain ") ".
            string stat = File.ReadAllText($"/proc/{processId}/stat");
            int end = stat.LastIndexOf(')');
            return end >= 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsProcessAlive(int processId, DateTimeOffset? startedBy)
    {
        if (processId == Environment.ProcessId)
        {
            return true;
        }

        if (IsZombie(processId))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            if (process.HasExited)
            {
                return false;
            }

            // A recycled process id: the process started after the lock was taken, so it is not the holder.
            return startedBy is not { } lockTime || process.StartTime.ToUniversalTime() <= lockTime.UtcDateTime.AddSeconds(2);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return true; // Exists but cannot be inspected: assume it runs.
        }
    }

    private static byte[]? TryReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes what an interrupted writer left: temporary files never renamed and stale locks moved aside.</summary>
    private static void RemoveLeftoverTemporaryFiles(string runDirectory)
    {
        foreach (string file in Directory.EnumerateFiles(runDirectory, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(file);
            if (name.EndsWith(RunStorePaths.ReservedChar + "tmp", StringComparison.Ordinal) || name.EndsWith(RunStorePaths.ReservedChar + "stale", StringComparison.Ordinal))
            {
                TryDelete(file);
            }
        }
    }

    private static async Task StageRunAsync(string staging, string runId, IReadOnlyList<KeyValuePair<string, ReadOnlyMemory<byte>>> files, CancellationToken cancellationToken)
    {
        _ = Directory.CreateDirectory(staging);
        await File.WriteAllTextAsync(Path.Combine(staging, RunMarkerFileName), runId, cancellationToken).ConfigureAwait(false);
        foreach (var (relativePath, content) in files)
        {
            string path = GetFilePath(staging, relativePath, nameof(files));
            _ = Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous });
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Deletes staging folders of creators that died before renaming them (their process id is in the name).</summary>
    private void RemoveAbandonedStagingFolders()
    {
        foreach (string directory in Directory.EnumerateDirectories(_rootDirectory, "*" + StagingMarker + "*"))
        {
            string name = Path.GetFileName(directory);
            string owner = name[(name.IndexOf(StagingMarker, StringComparison.Ordinal) + StagingMarker.Length)..];
            int dash = owner.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(owner.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int processId) && !IsProcessAlive(processId, startedBy: null))
            {
                TryDeleteDirectory(directory);
            }
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
