namespace PromptForge.Sipdo;

/// <summary>Creates SIPDO's curricula and recognizes the final p* selection step.</summary>
public static class SipdoCurricula
{
    /// <summary>Creates the linear curriculum: levels 1..n, one per round, then (optionally) the p* selection round.</summary>
    /// <param name="levels">The number of levels n.</param>
    /// <param name="selectionRound">Whether a final round re-scores every kept prompt version.</param>
    /// <returns>The curriculum.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="levels"/> is less than 1.</exception>
    public static IDifficultyCurriculum Linear(int levels = 10, bool selectionRound = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        return new LinearCurriculum(levels, selectionRound);
    }

    /// <summary>
    /// Creates the "one-shot extremes" ablation curriculum: n rounds, each writing its item at the hardest level n,
    /// then (optionally) the p* selection round.
    /// </summary>
    /// <param name="levels">The number of levels n (and of rounds).</param>
    /// <param name="selectionRound">Whether a final round re-scores every kept prompt version.</param>
    /// <returns>The curriculum.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="levels"/> is less than 1.</exception>
    public static IDifficultyCurriculum OneShotExtremes(int levels = 10, bool selectionRound = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        return new OneShotExtremesCurriculum(levels, selectionRound);
    }

    /// <summary>
    /// Creates the adaptive curriculum: stay on a level until its round is solved, advance by one after a repaired
    /// round, by two after a round with no error at all; at most <paramref name="maxRounds"/> rounds.
    /// </summary>
    /// <param name="levels">The number of levels n.</param>
    /// <param name="maxRounds">The most rounds before stopping.</param>
    /// <param name="selectionRound">Whether a final round re-scores every kept prompt version.</param>
    /// <returns>The curriculum.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="levels"/> or <paramref name="maxRounds"/> is less than 1.</exception>
    public static IDifficultyCurriculum Adaptive(int levels = 10, int maxRounds = 20, bool selectionRound = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRounds, 1);
        return new AdaptiveCurriculum(levels, maxRounds, selectionRound);
    }

    /// <summary>Gets whether a step is the final p* selection round (no new items; every kept version is re-scored).</summary>
    /// <param name="step">The step.</param>
    /// <returns><see langword="true"/> for the selection round.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="step"/> is <see langword="null"/>.</exception>
    public static bool IsSelection(DifficultyStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return !step.IsComplete && step.Phase == IterationPhase.Selection;
    }

    // The level after the last one keeps the run files' "level" as it was; the phase is what components read.
    internal static DifficultyStep Selection(int levels) => new() { Level = levels + 1, MaxLevel = levels, Phase = IterationPhase.Selection };

    /// <summary>The step after the last level: the selection round once, then complete.</summary>
    internal static DifficultyStep AfterLastLevel(int levels, bool selectionRound, IReadOnlyList<IterationRecord> history) =>
        selectionRound && !history.Any(h => h.Level is { } l && IsSelection(l)) ? Selection(levels) : DifficultyStep.Complete(levels);
}
