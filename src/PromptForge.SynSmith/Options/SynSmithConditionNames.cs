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
        SynSmithCondition.AttributeOnly => "attribute_only",
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

    /// <summary>
    /// Parses a condition name, including the reference's leave-one-critic-out names (<c>no_pack</c>,
    /// <c>no_mode_seeking</c>, <c>no_mode_hunter</c>, <c>no_coverage_hole</c>: <see cref="SynSmithCondition.Full"/> minus that critic).
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="condition">The condition when the name is known.</param>
    /// <param name="excludedCritic">The critic a leave-one-out name leaves out (a <see cref="SynSmithCriticNames"/> name), else <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the name is known.</returns>
    public static bool TryParse(string? name, out SynSmithCondition condition, out string? excludedCritic)
    {
        excludedCritic = name?.Trim().ToLowerInvariant() switch
        {
            "no_pack" => SynSmithCriticNames.PackDiscriminator,
            "no_mode_seeking" => SynSmithCriticNames.ModeSeeking,
            "no_mode_hunter" => SynSmithCriticNames.ModeHunter,
            "no_coverage_hole" => SynSmithCriticNames.CoverageHoleFinder,
            _ => null,
        };
        if (excludedCritic is not null)
        {
            condition = SynSmithCondition.Full;
            return true;
        }

        return TryParse(name, out condition);
    }
}
