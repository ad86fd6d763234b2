using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Runs;

/// <summary>
/// Scrubs known API keys from every file written to a run (config, prompts, samples, critiques, manifest, dataset,
/// input copies): the last line of defence behind <see cref="SecretRedactingChatClient"/>, covering keys that came
/// from an input rather than a model.
/// </summary>
internal sealed class SecretRedactingRunStore(IRunStore inner, SecretScrubber scrubber) : IRunStore
{
    public Task<string> CreateRunAsync(string? requestedRunId = null, CancellationToken cancellationToken = default) => inner.CreateRunAsync(requestedRunId, cancellationToken);

    public Task<string> CreateRunAsync(
        string? requestedRunId,
        Func<string, IReadOnlyList<KeyValuePair<string, ReadOnlyMemory<byte>>>> initialFiles,
        CancellationToken cancellationToken = default) =>
        inner.CreateRunAsync(requestedRunId, runId => [.. initialFiles(runId).Select(f => KeyValuePair.Create(f.Key, scrubber.Scrub(f.Value)))], cancellationToken);

    public Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, bool flushToDisk, CancellationToken cancellationToken = default) =>
        inner.WriteFileAsync(runId, relativePath, scrubber.Scrub(content), flushToDisk, cancellationToken);

    public Task AppendFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.AppendFileAsync(runId, relativePath, scrubber.Scrub(content), cancellationToken);

    public Task DeleteFileAsync(string runId, string relativePath, CancellationToken cancellationToken = default) =>
        inner.DeleteFileAsync(runId, relativePath, cancellationToken);

    public Task<RunWriterLock> AcquireWriterLockAsync(string runId, CancellationToken cancellationToken = default) =>
        inner.AcquireWriterLockAsync(runId, cancellationToken);

    public Task<bool> RunExistsAsync(string runId, CancellationToken cancellationToken = default) => inner.RunExistsAsync(runId, cancellationToken);

    public Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.WriteFileAsync(runId, relativePath, scrubber.Scrub(content), cancellationToken);

    public Task<byte[]?> ReadFileAsync(string runId, string relativePath, CancellationToken cancellationToken = default) => inner.ReadFileAsync(runId, relativePath, cancellationToken);

    public Task<IReadOnlyList<string>> ListFilesAsync(string runId, string? directory = null, CancellationToken cancellationToken = default) =>
        inner.ListFilesAsync(runId, directory, cancellationToken);

    public Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken cancellationToken = default) => inner.ListRunsAsync(cancellationToken);

    public string? GetRunLocation(string runId) => inner.GetRunLocation(runId);
}
