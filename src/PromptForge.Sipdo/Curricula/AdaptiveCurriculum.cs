namespace PromptForge.Sipdo;

/// <summary>Advances only when a level's round is solved; skips a level when a round found no error at all.</summary>
internal sealed class AdaptiveCurriculum(int levels, int maxRounds, bool selectionRound) : IDifficultyCurriculum
{
    public DifficultyStep Next(CurriculumContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rounds = context.History.Where(h => h.Level is { } l && !SipdoCurricula.IsSelection(l)).ToList();
        if (rounds.Count >= maxRounds)
        {
            return SipdoCurricula.AfterLastLevel(levels, selectionRound, context.History);
        }

        if (rounds.Count == 0)
        {
            return new DifficultyStep { Level = 1, MaxLevel = levels };
        }

        var last = rounds[^1];
        var level = last.Level!.Level;
        if (!last.RoundFailed && !last.LevelSkipped)
        {
            var trivial = SipdoMetrics.Read(last.Metrics, SipdoMetrics.ErrorsFound) is 0;
            level += trivial ? 2 : 1;
        }

        return level <= levels
            ? new DifficultyStep { Level = level, MaxLevel = levels }
            : SipdoCurricula.AfterLastLevel(levels, selectionRound, context.History);
    }
}
