// TEMPORARY: a read-only IRunStore over an existing run folder, until the core's FileSystemRunStore (run-store
// helper's branch) lands on main; then RunLocation uses FileSystemRunStore and this file is deleted.
namespace PromptForge.Cli.Runs;

internal sealed class RunFolderStore(string rootDirectory) : IRunStore
{
    public Task<string> CreateRunAsync(string? requestedRunId = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> RunExistsAsync(string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Directory.Exists(Path.Combine(rootDirectory, runId)));

    public Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        File.WriteAllBytesAsync(Path.Combine(rootDirectory, runId, relativePath), content.ToArray(), cancellationToken);

    public async Task<byte[]?> ReadFileAsync(string runId, string relativePath, CancellationToken cancellationToken = default)
    {
        string path = Path.Combine(rootDirectory, runId, relativePath);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    public Task<IReadOnlyList<string>> ListFilesAsync(string runId, string? directory = null, CancellationToken cancellationToken = default)
    {
        string runDirectory = Path.Combine(rootDirectory, runId);
        string start = directory is null ? runDirectory : Path.Combine(runDirectory, directory);
        IReadOnlyList<string> files = Directory.Exists(start)
            ? Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(runDirectory, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList()
            : [];
        return Task.FromResult(files);
    }

    public Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(Directory.EnumerateDirectories(rootDirectory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList());

    public string? GetRunLocation(string runId) => Path.Combine(rootDirectory, runId);
}
