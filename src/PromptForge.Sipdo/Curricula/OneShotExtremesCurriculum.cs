namespace PromptForge.Sipdo;

/// <summary>
/// The paper's "one-shot extremes" ablation: n rounds, every item at the hardest level n from the start, then
/// (optionally) the p* selection round.
/// </summary>
internal sealed class OneShotExtremesCurriculum(int levels, bool selectionRound) : IDifficultyCurriculum
{
    public DifficultyStep Next(CurriculumContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var round = context.History.Count(h => h.Level is not { } l || !SipdoCurricula.IsSelection(l)) + 1;
        return round <= levels
            ? new DifficultyStep { Level = levels, MaxLevel = levels }
            : SipdoCurricula.AfterLastLevel(levels, selectionRound, context.History);
    }
}
