using System.Text.Json;

namespace PromptForge;

/// <summary>Everything needed to resume a run after its last completed iteration (saved as <c>checkpoint.json</c>).</summary>
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
