namespace PromptForge.SynSmith;

/// <summary>The reference's snake_case names of the conditions (<c>full_attrforge</c> is the reference's name for <see cref="SynSmithCondition.Full"/>).</summary>
public static class SynSmithConditionNames
{
    /// <summary>Gets the snake_case name of a condition.</summary>
    /// <param name="condition">The condition.</param>
    /// <returns>The name, for example <c>full_classic</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="condition"/> is not defined.</exception>
    public static string ToName(SynSmithCondition condition) => condition switch
    {
        SynSmithCondition.Naive => "naive",
        SynSmithCondition.FewShot => "few_shot",
        SynSmithCondition.SelfCritique => "self_critique",
        SynSmithCondition.RealismOnly => "realism_only",
        SynSmithCondition.DiversityOnly => "diversity_only",
        SynSmithCondition.FullClassic => "full_classic",
        SynSmithCondition.Full => "full",
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Unknown condition."),
    };

    /// <summary>Parses a condition name (also accepts the reference's <c>full_attrforge</c>).</summary>
    /// <param name="name">The name.</param>
    /// <param name="condition">The condition when the name is known.</param>
    /// <returns><see langword="true"/> when the name is known.</returns>
    public static bool TryParse(string? name, out SynSmithCondition condition)
    {
        foreach (var candidate in Enum.GetValues<SynSmithCondition>())
        {
            if (string.Equals(ToName(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                condition = candidate;
                return true;
            }
        }

        condition = SynSmithCondition.Full;
        return string.Equals(name?.Trim(), "full_attrforge", StringComparison.OrdinalIgnoreCase);
    }
}
