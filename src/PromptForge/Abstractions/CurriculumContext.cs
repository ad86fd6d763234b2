namespace PromptForge;

/// <summary>What a curriculum sees when choosing the next difficulty.</summary>
public sealed class CurriculumContext
{
    /// <summary>Gets the iteration about to start (1-based).</summary>
    public required int Iteration { get; init; }

    /// <summary>Gets the completed iterations.</summary>
    public required IReadOnlyList<IterationRecord> History { get; init; }

    /// <summary>Gets the loop state.</summary>
    public required LoopState State { get; init; }
}
