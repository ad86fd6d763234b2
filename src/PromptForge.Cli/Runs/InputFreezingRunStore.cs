namespace PromptForge.Cli.Runs;

/// <summary>
/// Writes a new run's input copies (<see cref="RunInputs"/>) the moment its folder is created, so a run is never
/// without its frozen inputs, even when it is interrupted during its first iteration.
/// </summary>
internal sealed class InputFreezingRunStore(IRunStore inner, RunInputs inputs) : IRunStore
{
    public async Task<string> CreateRunAsync(string? requestedRunId = null, CancellationToken cancellationToken = default)
    {
        string runId = await inner.CreateRunAsync(requestedRunId, cancellationToken).ConfigureAwait(false);
        await inputs.WriteCopiesAsync(inner, runId, cancellationToken).ConfigureAwait(false);
        return runId;
    }

    // The loop creates a run together with its first files (atomically on the file-system store): the input copies join them.
    public Task<string> CreateRunAsync(
        string? requestedRunId,
        Func<string, IReadOnlyList<KeyValuePair<string, ReadOnlyMemory<byte>>>> initialFiles,
        CancellationToken cancellationToken = default) =>
        inner.CreateRunAsync(requestedRunId, runId => [.. inputs.Copies(), .. initialFiles(runId)], cancellationToken);

    public Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, bool flushToDisk, CancellationToken cancellationToken = default) =>
        inner.WriteFileAsync(runId, relativePath, content, flushToDisk, cancellationToken);

    public Task AppendFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.AppendFileAsync(runId, relativePath, content, cancellationToken);

    public Task DeleteFileAsync(string runId, string relativePath, CancellationToken cancellationToken = default) =>
        inner.DeleteFileAsync(runId, relativePath, cancellationToken);

    public Task<RunWriterLock> AcquireWriterLockAsync(string runId, CancellationToken cancellationToken = default) =>
        inner.AcquireWriterLockAsync(runId, cancellationToken);

    public Task<bool> RunExistsAsync(string runId, CancellationToken cancellationToken = default) => inner.RunExistsAsync(runId, cancellationToken);

    public Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.WriteFileAsync(runId, relativePath, content, cancellationToken);

    public Task<byte[]?> ReadFileAsync(string runId, string relativePath, CancellationToken cancellationToken = default) => inner.ReadFileAsync(runId, relativePath, cancellationToken);

    public Task<IReadOnlyList<string>> ListFilesAsync(string runId, string? directory = null, CancellationToken cancellationToken = default) =>
        inner.ListFilesAsync(runId, directory, cancellationToken);

    public Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken cancellationToken = default) => inner.ListRunsAsync(cancellationToken);

    public string? GetRunLocation(string runId) => inner.GetRunLocation(runId);
}
