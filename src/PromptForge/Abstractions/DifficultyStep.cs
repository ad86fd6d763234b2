using System.Text.Json.Serialization;

namespace PromptForge;

/// <summary>The difficulty a curriculum asks for in an iteration.</summary>
public sealed record DifficultyStep
{
    /// <summary>Gets the level, from 1 to <see cref="MaxLevel"/>.</summary>
    public required int Level { get; init; }

    /// <summary>Gets the number of levels.</summary>
    public required int MaxLevel { get; init; }

    /// <summary>Gets a value indicating whether the curriculum is finished (the loop stops).</summary>
    public bool IsComplete { get; init; }

    /// <summary>
    /// Gets a value indicating whether this is the curriculum's last step (it completes after it); the loop then treats
    /// the iteration as final and proposes no candidate that only a later iteration could measure.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool IsLast { get; init; }

    /// <summary>Creates the step that ends a curriculum.</summary>
    /// <param name="maxLevel">The number of levels.</param>
    /// <returns>The step.</returns>
    public static DifficultyStep Complete(int maxLevel) => new() { Level = maxLevel, MaxLevel = maxLevel, IsComplete = true };
}
