using System.Text.Json;

namespace PromptForge;

/// <summary>The state of a run after its last completed iteration, in memory (on disk it is replayed from the journal, <c>iterations.jsonl</c>).</summary>
internal sealed class LoopCheckpoint
{
    public int FormatVersion { get; init; } = 1;

    public required string RunId { get; init; }

    public required int Iteration { get; init; }

    public required int CurrentVersion { get; init; }

    public int? PendingBaselineIteration { get; init; }

    public required List<PromptVersion> Prompts { get; init; }

    public required List<IterationRecord> History { get; init; }

    public required List<Sample> Samples { get; init; }

    public required SortedDictionary<string, JsonElement> Extensions { get; init; }

    public required UsageSnapshot Usage { get; init; }

    public TimeSpan ElapsedWallTime { get; init; }
}
