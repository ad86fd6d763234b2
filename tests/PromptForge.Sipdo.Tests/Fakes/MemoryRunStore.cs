using System.Collections.Concurrent;
using System.Text;

namespace PromptForge.Sipdo.Tests.Fakes;

/// <summary>A run store in memory so tests can read the artifacts the loop writes (for example rejected_samples.jsonl).</summary>
internal sealed class MemoryRunStore : IRunStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte[]>> _runs = new(StringComparer.Ordinal);
    private int _next;

    /// <summary>Gets or sets a predicate on the written path; when it returns true the write throws (a simulated crash).</summary>
    public Func<string, bool>? CrashOnWrite { get; set; }

    public Task<string> CreateRunAsync(string? requestedRunId = null, CancellationToken cancellationToken = default)
    {
        var id = requestedRunId ?? $"run-{Interlocked.Increment(ref _next):000}";
        _runs[id] = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        return Task.FromResult(id);
    }

    public Task<bool> RunExistsAsync(string runId, CancellationToken cancellationToken = default) => Task.FromResult(_runs.ContainsKey(runId));

    public Task WriteFileAsync(string runId, string relativePath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (CrashOnWrite?.Invoke(relativePath) == true)
        {
            throw new IOException($"simulated crash writing {relativePath}");
        }

        _runs[runId][relativePath] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task<byte[]?> ReadFileAsync(string runId, string relativePath, CancellationToken cancellationToken = default) =>
        Task.FromResult(_runs.TryGetValue(runId, out var files) && files.TryGetValue(relativePath, out var bytes) ? bytes : null);

    public Task<IReadOnlyList<string>> ListFilesAsync(string runId, string? directory = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_runs[runId].Keys.Where(k => directory is null || k.StartsWith(directory + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_runs.Keys.Order(StringComparer.Ordinal).ToList());

    public string? GetRunLocation(string runId) => null;

    public string ReadText(string runId, string relativePath) =>
        _runs[runId].TryGetValue(relativePath, out var bytes) ? Encoding.UTF8.GetString(bytes) : string.Empty;
}
