using System.Text.Json;

namespace PromptForge;

/// <summary>
/// One line of a run's journal (<c>iterations.jsonl</c>): what an iteration changed, appended and flushed once when the
/// iteration completes. Line 0 is the run's initial state. The iteration's artifacts are referenced by path and SHA-256,
/// not copied, and the state carried is the iteration's own: new or changed prompt versions, its usage.
/// </summary>
internal sealed class IterationCommit
{
    public required int Iteration { get; init; }

    /// <summary>Gets the iteration's record (critiques included: they are its own measurements); none on line 0.</summary>
    public IterationRecord? Record { get; init; }

    /// <summary>Gets the prompt versions added or changed (status, score) since the previous line.</summary>
    public List<PromptVersion> Prompts { get; init; } = [];

    public required int CurrentVersion { get; init; }

    public int? PendingBaselineIteration { get; init; }

    /// <summary>Gets the components' saved state after the iteration (small by contract: counters, ban lists).</summary>
    public SortedDictionary<string, JsonElement> Extensions { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Gets the run's usage totals after the iteration, with only this iteration's entry in <c>by_iteration</c>.</summary>
    public required UsageSnapshot Usage { get; init; }

    public TimeSpan ElapsedWallTime { get; init; }

    /// <summary>Gets the run-relative path of the samples file, when the iteration wrote one.</summary>
    public string? SamplesFile { get; init; }

    /// <summary>Gets the iteration's artifact files with their SHA-256 (lowercase hex), verified on resume.</summary>
    public SortedDictionary<string, string> Files { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>The content of <c>checkpoint.json</c> from format 2 on: which journal holds the run's state.</summary>
internal sealed class RunCheckpointHeader
{
    public const int CurrentFormat = 2;

    public int FormatVersion { get; init; } = CurrentFormat;

    public required string RunId { get; init; }

    public string Journal { get; init; } = RunRecorder.JournalFile;
}
