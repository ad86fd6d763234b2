namespace PromptForge.Sipdo.Tests.Curricula;

public sealed class SipdoCurriculaTests
{
    [Fact]
    public void IsSelection_ReadsThePhaseNotTheLevel()
    {
        SipdoCurricula.IsSelection(new DifficultyStep { Level = 3, MaxLevel = 3 }).ShouldBeFalse();
        SipdoCurricula.IsSelection(new DifficultyStep { Level = 4, MaxLevel = 3 }).ShouldBeFalse();
        SipdoCurricula.IsSelection(new DifficultyStep { Level = 3, MaxLevel = 3, Phase = IterationPhase.Selection }).ShouldBeTrue();
        SipdoCurricula.IsSelection(DifficultyStep.Complete(3)).ShouldBeFalse();
    }

    [Fact]
    public void Linear_AfterTheLastLevel_StepsIntoTheSelectionPhaseOnceThenCompletes()
    {
        var curriculum = SipdoCurricula.Linear(levels: 2);
        var history = new List<IterationRecord>();
        var phases = new List<IterationPhase>();
        DifficultyStep step;
        while (!(step = curriculum.Next(new CurriculumContext { Iteration = history.Count + 1, History = history, State = null! })).IsComplete)
        {
            phases.Add(step.Phase);
            history.Add(new IterationRecord { Iteration = history.Count + 1, PromptVersion = 0, Level = step, SampleCount = 1, Metrics = new Dictionary<string, MetricValue>(), Critiques = [] });
        }

        phases.ShouldBe([IterationPhase.Exploration, IterationPhase.Exploration, IterationPhase.Selection]);
        history[^1].Level!.Level.ShouldBe(3);
    }

    [Fact]
    public void Factories_RejectInvalidArguments()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => SipdoCurricula.Linear(0));
        Should.Throw<ArgumentOutOfRangeException>(() => SipdoCurricula.Adaptive(3, maxRounds: 0));
        Should.Throw<ArgumentOutOfRangeException>(() => SipdoCurricula.OneShotExtremes(0));
    }

    [Fact]
    public void OneShotExtremes_EveryRoundAtTheLastLevelThenSelectionThenCompletes()
    {
        var curriculum = SipdoCurricula.OneShotExtremes(3);
        var history = new List<IterationRecord>();

        var steps = new List<DifficultyStep>();
        for (var i = 1; i <= 5; i++)
        {
            var step = curriculum.Next(Context(i, history));
            steps.Add(step);
            history.Add(Record(i, step, failed: false, errorsFound: 1));
        }

        steps.Select(s => (s.Level, s.IsComplete)).ShouldBe([(3, false), (3, false), (3, false), (4, false), (3, true)]);
        SipdoCurricula.IsSelection(steps[3]).ShouldBeTrue();
    }

    [Fact]
    public void Linear_WalksLevelsThenSelectionThenCompletes()
    {
        var curriculum = SipdoCurricula.Linear(2);
        var history = new List<IterationRecord>();

        var steps = new List<DifficultyStep>();
        for (var i = 1; i <= 4; i++)
        {
            var step = curriculum.Next(Context(i, history));
            steps.Add(step);
            history.Add(Record(i, step, failed: false, errorsFound: 1));
        }

        steps.Select(s => (s.Level, s.IsComplete)).ShouldBe([(1, false), (2, false), (3, false), (2, true)]);
        SipdoCurricula.IsSelection(steps[2]).ShouldBeTrue();
    }

    [Fact]
    public void Linear_WithoutSelectionRound_CompletesAfterTheLastLevel()
    {
        var curriculum = SipdoCurricula.Linear(1, selectionRound: false);
        var history = new List<IterationRecord> { Record(1, new DifficultyStep { Level = 1, MaxLevel = 1 }, failed: false, errorsFound: 0) };

        curriculum.Next(Context(2, history)).IsComplete.ShouldBeTrue();
    }

    [Theory]
    [InlineData(false, 1, 2)] // repaired round: next level
    [InlineData(false, 0, 3)] // no error at all: skip one level
    [InlineData(true, 2, 1)]  // failed round: stay
    public void Adaptive_NextLevel_DependsOnHowTheRoundWent(bool failed, int errorsFound, int expectedLevel)
    {
        var curriculum = SipdoCurricula.Adaptive(levels: 5, maxRounds: 10, selectionRound: false);
        var history = new List<IterationRecord> { Record(1, new DifficultyStep { Level = 1, MaxLevel = 5 }, failed, errorsFound) };

        curriculum.Next(Context(2, history)).Level.ShouldBe(expectedLevel);
    }

    [Fact]
    public void Adaptive_RoundBudgetSpent_SelectsThenCompletes()
    {
        var curriculum = SipdoCurricula.Adaptive(levels: 5, maxRounds: 2);
        var history = new List<IterationRecord>
        {
            Record(1, new DifficultyStep { Level = 1, MaxLevel = 5 }, failed: true, errorsFound: 1),
            Record(2, new DifficultyStep { Level = 1, MaxLevel = 5 }, failed: true, errorsFound: 1),
        };

        var selection = curriculum.Next(Context(3, history));
        SipdoCurricula.IsSelection(selection).ShouldBeTrue();
        history.Add(Record(3, selection, failed: false, errorsFound: 0));
        curriculum.Next(Context(4, history)).IsComplete.ShouldBeTrue();
    }

    private static CurriculumContext Context(int iteration, IReadOnlyList<IterationRecord> history) =>
        new() { Iteration = iteration, History = history.ToList(), State = null! }; // SIPDO's curricula read only the history.

    private static IterationRecord Record(int iteration, DifficultyStep level, bool failed, int errorsFound) => new()
    {
        Iteration = iteration,
        PromptVersion = 0,
        Level = level,
        SampleCount = 1,
        RoundFailed = failed,
        Metrics = new Dictionary<string, MetricValue> { [SipdoMetrics.ErrorsFound] = MetricValue.Measured(errorsFound) },
        Critiques = [],
    };
}
