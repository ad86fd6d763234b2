using System.ComponentModel.DataAnnotations;

namespace PromptForge;

/// <summary>
/// Limits on what one loop run may spend. When any limit is reached the loop stops cleanly with
/// <see cref="RunStatus.BudgetExhausted"/> and keeps the best prompt found so far. Cached responses are free.
/// </summary>
public sealed class LoopBudget
{
    /// <summary>Gets or sets the maximum number of model calls (cached calls excluded).</summary>
    /// <value>Unlimited by default.</value>
    [Range(1, long.MaxValue)]
    public long? MaxCalls { get; set; }

    /// <summary>Gets or sets the maximum number of input tokens.</summary>
    /// <value>Unlimited by default.</value>
    [Range(1, long.MaxValue)]
    public long? MaxInputTokens { get; set; }

    /// <summary>Gets or sets the maximum number of output tokens.</summary>
    /// <value>Unlimited by default.</value>
    [Range(1, long.MaxValue)]
    public long? MaxOutputTokens { get; set; }

    /// <summary>Gets or sets the maximum wall time of the run.</summary>
    /// <value>Unlimited by default.</value>
    public TimeSpan? MaxWallTime { get; set; }

    /// <summary>Gets a value indicating whether any limit is set.</summary>
    public bool HasLimits => MaxCalls.HasValue || MaxInputTokens.HasValue || MaxOutputTokens.HasValue || MaxWallTime.HasValue;

    /// <summary>Lists what is wrong with these limits.</summary>
    /// <returns>The problems; empty when the budget is valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxCalls is <= 0)
        {
            problems.Add($"Budget MaxCalls must be positive (was {MaxCalls}).");
        }

        if (MaxInputTokens is <= 0)
        {
            problems.Add($"Budget MaxInputTokens must be positive (was {MaxInputTokens}).");
        }

        if (MaxOutputTokens is <= 0)
        {
            problems.Add($"Budget MaxOutputTokens must be positive (was {MaxOutputTokens}).");
        }

        if (MaxWallTime is { } t && t <= TimeSpan.Zero)
        {
            problems.Add($"Budget MaxWallTime must be positive (was {t}).");
        }

        return problems;
    }

    /// <summary>Returns a copy.</summary>
    /// <returns>A new instance with the same limits.</returns>
    public LoopBudget Clone() => new()
    {
        MaxCalls = MaxCalls,
        MaxInputTokens = MaxInputTokens,
        MaxOutputTokens = MaxOutputTokens,
        MaxWallTime = MaxWallTime,
    };
}
