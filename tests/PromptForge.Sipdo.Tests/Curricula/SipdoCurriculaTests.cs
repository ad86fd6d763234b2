namespace PromptForge.Sipdo.Tests.Curricula;

public sealed class SipdoCurriculaTests
{
    [Fact]
    public void IsSelection_OnlyForTheStepAfterTheLastLevel()
    {
        SipdoCurricula.IsSelection(new DifficultyStep { Level = 3, MaxLevel = 3 }).ShouldBeFalse();
        SipdoCurricula.IsSelection(new DifficultyStep { Level = 4, MaxLevel = 3 }).ShouldBeTrue();
        SipdoCurricula.IsSelection(DifficultyStep.Complete(3)).ShouldBeFalse();
    }

    [Fact]
    public void Factories_RejectInvalidArguments()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => SipdoCurricula.Linear(0));
        Should.Throw<ArgumentOutOfRangeException>(() => SipdoCurricula.Adaptive(3, maxRounds: 0));
    }
}
