using System.Text.Json;

namespace PromptForge.Sipdo;

/// <summary>Calls and tokens of one role tag.</summary>
/// <param name="Role">The role tag (for example <c>sipdo.rewrite</c>).</param>
/// <param name="Calls">Model calls, cached ones included.</param>
/// <param name="CachedCalls">Calls served from the response cache.</param>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
public sealed record RoleCost(string Role, long Calls, long CachedCalls, long InputTokens, long OutputTokens);

/// <summary>What one optimized prompt cost: calls and tokens per role, wall time, levels reached, repairs accepted and rejected.</summary>
public sealed class SipdoCostReport
{
    /// <summary>Gets the total number of model calls.</summary>
    public required long Calls { get; init; }

    /// <summary>Gets the total input tokens.</summary>
    public required long InputTokens { get; init; }

    /// <summary>Gets the total output tokens.</summary>
    public required long OutputTokens { get; init; }

    /// <summary>Gets calls and tokens per role tag, ordered by role.</summary>
    public required IReadOnlyList<RoleCost> ByRole { get; init; }

    /// <summary>Gets the wall time of the run, when known.</summary>
    public TimeSpan? WallTime { get; init; }

    /// <summary>Gets the highest difficulty level whose round completed without failing, or 0.</summary>
    public required int LevelsReached { get; init; }

    /// <summary>Gets the number of rounds whose repair failed (limit reached).</summary>
    public required int FailedRounds { get; init; }

    /// <summary>Gets the number of accepted repairs (rewrites that passed local and global confirmation).</summary>
    public required int RepairsAccepted { get; init; }

    /// <summary>Gets the number of rejected rewrites.</summary>
    public required int RepairsRejected { get; init; }

    /// <summary>Serializes the report as snake_case JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, SipdoJsonContext.Indented.SipdoCostReport);

    /// <summary>Builds the report of a SIPDO run.</summary>
    /// <param name="run">The run result.</param>
    /// <param name="wallTime">A wall time to report instead of the run's own <see cref="RunResult.WallTime"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> is <see langword="null"/>.</exception>
    public static SipdoCostReport FromRun(RunResult run, TimeSpan? wallTime = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var rounds = run.MetricHistory.Where(h => h.Level is not { } level || !SipdoCurricula.IsSelection(level)).ToList();
        return new SipdoCostReport
        {
            Calls = run.Usage.Total.Calls,
            InputTokens = run.Usage.Total.InputTokens,
            OutputTokens = run.Usage.Total.OutputTokens,
            ByRole = run.Usage.ByRole
                .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new RoleCost(kv.Key, kv.Value.Calls, kv.Value.CachedCalls, kv.Value.InputTokens, kv.Value.OutputTokens))
                .ToList(),
            WallTime = wallTime ?? run.WallTime,
            LevelsReached = rounds.Where(r => !r.RoundFailed && !r.LevelSkipped && r.Level is not null).Select(r => r.Level!.Level).DefaultIfEmpty(0).Max(),
            FailedRounds = rounds.Count(r => r.RoundFailed),
            RepairsAccepted = rounds.Sum(r => SipdoMetrics.Read(r.Metrics, SipdoMetrics.RepairsAccepted) ?? 0),
            RepairsRejected = rounds.Sum(r => SipdoMetrics.Read(r.Metrics, SipdoMetrics.RepairsRejected) ?? 0),
        };
    }
}
