namespace PromptForge.Sipdo;

/// <summary>Levels 1..n in order, one per round, as in the paper.</summary>
internal sealed class LinearCurriculum(int levels, bool selectionRound) : IDifficultyCurriculum
{
    public DifficultyStep Next(CurriculumContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var round = context.History.Count(h => h.Level is not { } l || !SipdoCurricula.IsSelection(l)) + 1;
        return round <= levels
            ? new DifficultyStep { Level = round, MaxLevel = levels }
            : SipdoCurricula.AfterLastLevel(levels, selectionRound, context.History);
    }
}
