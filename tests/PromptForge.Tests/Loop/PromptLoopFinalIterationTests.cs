using System.Text.Json;
using PromptForge.Tests.Fakes;

namespace PromptForge.Tests.Loop;

public sealed class PromptLoopFinalIterationTests
{
    [Fact]
    public async Task RunAsync_CandidateUpdaterInTheLastIteration_ProposesNothingAndRecordsWhy()
    {
        var updater = new AppendingUpdater(PromptUpdateDecision.Candidate);
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new ScoreByVersionCritic(v => v))
            .WithPromptUpdater(updater)
            .WithObjective(new QualityObjective())
            .WithAcceptanceGate(new NoRegressionGate())
            .WithMaxIterations(3)
            .Build();

        var result = await loop.RunAsync("p", TestContext.Current.CancellationToken);

        updater.Contexts.Select(c => c.IsFinalIteration).ShouldBe([false, false, true]);
        result.PromptHistory.Select(p => p.Version).ShouldBe([0, 1, 2]); // v1 and v2 were measured; no v3 on trial at the end
        result.PromptHistory.ShouldNotContain(p => p.Status == PromptVersionStatus.Candidate);
        var last = result.MetricHistory[^1];
        last.GateDecision!.ShouldStartWith("accepted:");
        last.Decision.ShouldBe(PromptUpdateDecision.NoChange);
        last.RoundFailed.ShouldBeFalse();
        last.UpdateReason!.ShouldStartWith("final iteration: the candidate rewrite was not proposed");
        last.NextPromptVersion.ShouldBe(2);
        result.FinalPrompt.Version.ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_SelfConfirmingUpdaterInTheLastIteration_StillAdoptsItsRewrite()
    {
        var updater = new AppendingUpdater(PromptUpdateDecision.Accepted);
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new ScoreByVersionCritic(v => v))
            .WithPromptUpdater(updater)
            .WithObjective(new QualityObjective())
            .WithMaxIterations(2)
            .Build();

        var result = await loop.RunAsync("p", TestContext.Current.CancellationToken);

        updater.Contexts[^1].IsFinalIteration.ShouldBeTrue();
        result.MetricHistory[^1].Decision.ShouldBe(PromptUpdateDecision.Accepted);
        result.FinalPrompt.Text.ShouldBe("p +rule1 +rule2");
        result.FinalPrompt.Status.ShouldBe(PromptVersionStatus.Accepted);
    }

    [Fact]
    public async Task RunAsync_CurriculumLastStep_IsTheFinalIteration()
    {
        var updater = new AppendingUpdater(PromptUpdateDecision.Candidate);
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new ScoreByVersionCritic(v => v))
            .WithPromptUpdater(updater)
            .WithObjective(new QualityObjective())
            .WithCurriculum(new TwoLevels())
            .WithMaxIterations(50)
            .Build();

        var result = await loop.RunAsync("p", TestContext.Current.CancellationToken);

        result.MetricHistory.Count.ShouldBe(2);
        updater.Contexts.Select(c => c.IsFinalIteration).ShouldBe([false, true]);
        result.PromptHistory.Select(p => p.Version).ShouldBe([0, 1]);
        result.MetricHistory[1].UpdateReason!.ShouldStartWith("final iteration:");
    }

    [Fact]
    public void DifficultyStep_NotLast_IsSerializedAsBefore()
    {
        var step = new DifficultyStep { Level = 2, MaxLevel = 3 };

        string json = JsonSerializer.Serialize(step, PromptForgeJsonContext.Default.DifficultyStep);
        string last = JsonSerializer.Serialize(step with { IsLast = true }, PromptForgeJsonContext.Default.DifficultyStep);

        json.ShouldNotContain("last");
        last.ShouldContain("\"is_last\": true");
    }

    private sealed class TwoLevels : IDifficultyCurriculum
    {
        public DifficultyStep Next(CurriculumContext context) => context.Iteration switch
        {
            1 => new DifficultyStep { Level = 1, MaxLevel = 2 },
            2 => new DifficultyStep { Level = 2, MaxLevel = 2, IsLast = true },
            _ => DifficultyStep.Complete(2),
        };
    }
}
