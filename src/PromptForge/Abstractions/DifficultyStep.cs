using System.Text.Json.Serialization;

namespace PromptForge;

/// <summary>The difficulty a curriculum asks for in an iteration.</summary>
public sealed record DifficultyStep
{
    /// <summary>Gets the level, from 1 to <see cref="MaxLevel"/> while exploring; a selection step after the last level carries <c>MaxLevel + 1</c>.</summary>
    public required int Level { get; init; }

    /// <summary>Gets the number of levels.</summary>
    public required int MaxLevel { get; init; }

    /// <summary>Gets what the iteration is for; components read this, never the level, to tell a selection round.</summary>
    /// <value>The default is <see cref="IterationPhase.Exploration"/>.</value>
    public IterationPhase Phase { get; init; }

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
