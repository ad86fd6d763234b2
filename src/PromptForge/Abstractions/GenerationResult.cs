using System.Text.Json;

namespace PromptForge;

/// <summary>What a generator produced in one iteration.</summary>
public sealed class GenerationResult
{
    /// <summary>Gets the samples kept.</summary>
    public required IReadOnlyList<Sample> Samples { get; init; }

    /// <summary>Gets samples that were written but rejected (duplicates, failed verification), kept for the artifacts.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<Sample> Rejected { get; init; } = [];

    /// <summary>Gets a value indicating whether the difficulty level was skipped because no valid sample could be written.</summary>
    public bool LevelSkipped { get; init; }

    /// <summary>Gets a note for the artifacts and the progress output.</summary>
    public string? Note { get; init; }

    /// <summary>Gets generator-specific details saved with the iteration.</summary>
    public JsonElement? Details { get; init; }

    /// <summary>Gets component state the generator saves in the loop state (<see cref="LoopState.TryGetValue{T}"/>); the loop applies it.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<Artifact> StateUpdates { get; init; } = [];
}
