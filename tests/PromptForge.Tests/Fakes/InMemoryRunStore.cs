using System.Collections.Concurrent;

namespace PromptForge.Tests.Fakes;

/// <summary>A run store in memory, for loop tests that inspect artifacts or interrupt runs.</summary>
internal sealed class InMemoryRunStore : IRunStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte[]>> _runs = new(StringComparer.Ordinal);
    private int _next;

    /// <summary>Called before every write; throw from it to simulate a crash at that point.</summary>
    public Action<string>? BeforeWrite { get; set; }

    public Task<string> CreateRunAsync(string? requestedRunId = null, CancellationToken cancellationToken = default)
    {
        string id = requestedRunId ?? $"run-{Interlocked.Increment(ref _next):000}";
        if (!_runs.TryAdd(id, new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal)))
        {
            throw new InvalidOperationException($"Run '{id}' exists.");
        }

        return Task.FromResult(id);
    }

    public Task<bool> RunExistsAsync(string runId, CancellationToken cancellationToken = default) => Task.FromResult(_runs.ContainsKey(runId));

    public Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        BeforeWrite?.Invoke(relativePath);
        _runs[runId][relativePath] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task<byte[]?> ReadFileAsync(string runId, string relativePath, CancellationToken cancellationToken = default) =>
        Task.FromResult(_runs.TryGetValue(runId, out var files) && files.TryGetValue(relativePath, out var bytes) ? bytes : null);

    public Task<IReadOnlyList<string>> ListFilesAsync(string runId, string? directory = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_runs[runId].Keys.Where(k => directory is null || k.StartsWith(directory + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_runs.Keys.Order(StringComparer.Ordinal).ToList());

    public string? GetRunLocation(string runId) => $"memory://{runId}";

    public string ReadText(string runId, string path) => System.Text.Encoding.UTF8.GetString(_runs[runId][path]);

    public IReadOnlyDictionary<string, byte[]> Files(string runId) => _runs[runId];
}
