namespace PromptForge;

/// <summary>Chooses the difficulty of each iteration's samples, and when the curriculum ends.</summary>
public interface IDifficultyCurriculum
{
    /// <summary>Chooses the difficulty of the iteration about to start.</summary>
    /// <param name="context">What the curriculum sees.</param>
    /// <returns>The step; <see cref="DifficultyStep.IsComplete"/> ends the loop.</returns>
    DifficultyStep Next(CurriculumContext context);
}
