using System.Text.Json;
using PromptForge.Tests.Fakes;

namespace PromptForge.Tests.Loop;

public sealed class PromptLoopTests
{
    [Fact]
    public async Task RunAsync_ThreeIterations_RecordsHistorySamplesAndVersions()
    {
        var updater = new AppendingUpdater(PromptUpdateDecision.Accepted);
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new ScoreByVersionCritic(v => v))
            .WithPromptUpdater(updater)
            .WithObjective(new QualityObjective())
            .WithMaxIterations(3)
            .WithSamplesPerIteration(2)
            .Build();

        var result = await loop.RunAsync("base prompt");

        result.Status.ShouldBe(RunStatus.Completed);
        result.MetricHistory.Select(h => h.PromptVersion).ShouldBe([0, 1, 2]);
        result.Samples.Count.ShouldBe(6);
        result.Samples.Select(s => s.Id).ShouldBeUnique();
        result.FinalPrompt.Text.ShouldBe("base prompt +rule1 +rule2 +rule3");
        result.PromptHistory.Count.ShouldBe(4);
        result.BestPrompt.Version.ShouldBe(2); // v3 was never measured; v2 scored highest
        updater.Contexts[0].Critiques.Single().Complaints.Single().Code.ShouldBe("too_plain");
    }

    [Fact]
    public async Task RunAsync_CandidateThatRegresses_IsRolledBackAndShownToUpdater()
    {
        // v0 scores 5, v1 scores 3 (regression), v2 scores 9.
        var updater = new AppendingUpdater(PromptUpdateDecision.Candidate);
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new ScoreByVersionCritic(v => v switch { 0 => 5, 1 => 3, _ => 9 }))
            .WithPromptUpdater(updater)
            .WithObjective(new QualityObjective())
            .WithAcceptanceGate(new NoRegressionGate())
            .WithMaxIterations(3)
            .Build();

        var result = await loop.RunAsync("p");

        var v1 = result.PromptHistory.Single(p => p.Version == 1);
        v1.Status.ShouldBe(PromptVersionStatus.Rejected);
        v1.StatusReason!.ShouldContain("quality fell from 5 to 3");
        updater.Contexts[1].LastRejection.ShouldNotBeNull();
        updater.Contexts[1].LastRejection!.Candidate.Version.ShouldBe(1);
        updater.Contexts[1].Current.Version.ShouldBe(0); // rolled back to the parent before the retry
        result.PromptHistory.Single(p => p.Version == 2).ParentVersion.ShouldBe(0);
        result.PromptHistory.Single(p => p.Version == 2).Status.ShouldBe(PromptVersionStatus.Accepted);
        result.BestPrompt.Version.ShouldBe(2);
        result.MetricHistory[1].GateDecision!.ShouldStartWith("rejected:");
    }

    [Fact]
    public async Task RunAsync_BestPromptTie_PrefersShorterThenLater()
    {
        var updater = new AppendingUpdater(PromptUpdateDecision.Accepted);
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new ScoreByVersionCritic(_ => 1.0))
            .WithPromptUpdater(updater)
            .WithObjective(new QualityObjective())
            .WithMaxIterations(3)
            .Build();

        var result = await loop.RunAsync("p");

        result.BestPrompt.Version.ShouldBe(0); // all tie at 1.0; v0 is the shortest
    }

    [Fact]
    public async Task RunAsync_BestPromptTieOnScoreAndLength_PrefersTheLaterVersion()
    {
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new ScoreByVersionCritic(_ => 1.0))
            .WithPromptUpdater(new SameLengthRewriter())
            .WithObjective(new QualityObjective())
            .WithMaxIterations(4)
            .Build();

        var result = await loop.RunAsync("p0", TestContext.Current.CancellationToken);

        var scored = result.PromptHistory.Where(p => p.Score is not null).ToList();
        scored.Count.ShouldBeGreaterThan(2);
        scored.ShouldAllBe(p => p.Score == 1.0 && p.Text.Length == 2);
        result.BestPrompt.Version.ShouldBe(scored.Max(p => p.Version)); // same score, same length: the later version
        result.BestPrompt.Version.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task RunAsync_CriticThrows_RecordsFailureAndContinues()
    {
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new ScoreByVersionCritic(_ => throw new FormatException("judge replied nonsense")))
            .WithMaxIterations(2)
            .Build();

        var result = await loop.RunAsync("p");

        result.Status.ShouldBe(RunStatus.Completed);
        var critique = result.MetricHistory[0].Critiques.Single();
        critique.Failed.ShouldBeTrue();
        critique.Error!.ShouldContain("judge replied nonsense");
        result.MetricHistory[0].Metrics["quality"].IsMeasured.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_LaterStageCritic_SeesEarlierCritiques()
    {
        IReadOnlyList<Critique>? seen = null;
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new ScoreByVersionCritic(_ => 1, "first"))
            .WithCritic(new StagedCritic(ctx => seen = ctx.PriorCritiques))
            .WithMaxIterations(1)
            .Build();

        await loop.RunAsync("p");

        seen.ShouldNotBeNull();
        seen!.Single().CriticName.ShouldBe("first");
    }

    [Fact]
    public async Task RunAsync_CurriculumComplete_StopsTheLoop()
    {
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCurriculum(new ThreeLevels())
            .WithMaxIterations(50)
            .Build();

        var result = await loop.RunAsync("p");

        result.MetricHistory.Select(h => h.Level!.Level).ShouldBe([1, 2, 3]);
        result.Samples.Select(s => s.Difficulty).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public async Task RunStreamingAsync_EmitsEventsInOrder()
    {
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new ScoreByVersionCritic(v => v))
            .WithPromptUpdater(new AppendingUpdater(PromptUpdateDecision.Accepted))
            .WithMaxIterations(1)
            .Build();

        var events = new List<LoopEvent>();
        await foreach (var e in loop.RunStreamingAsync("p"))
        {
            events.Add(e);
        }

        events.Select(e => e.GetType().Name).ShouldBe(
        [
            nameof(RunStartedEvent), nameof(IterationStartedEvent), nameof(SamplesGeneratedEvent), nameof(CritiqueCompletedEvent),
            nameof(PromptProposedEvent), nameof(PromptAcceptedEvent), nameof(IterationCompletedEvent), nameof(RunCompletedEvent),
        ]);
        string json = JsonSerializer.Serialize(events[^2], PromptForgeJsonContext.Default.LoopEvent);
        json.ShouldContain("\"type\": \"iteration_completed\"");
    }

    [Fact]
    public async Task RunAsync_UpdaterThrows_KeepsPromptAndRecordsFailedRound()
    {
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithPromptUpdater(new ThrowingUpdater())
            .WithMaxIterations(2)
            .Build();

        var result = await loop.RunAsync("p");

        result.Status.ShouldBe(RunStatus.Completed);
        result.MetricHistory.ShouldAllBe(h => h.RoundFailed);
        result.MetricHistory[0].UpdateReason!.ShouldContain("optimizer exploded");
        result.FinalPrompt.Version.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_GeneratorReusesSampleId_FailsWithClearMessage()
    {
        var loop = PromptLoop.Create().WithGenerator(new DuplicateIdGenerator()).WithMaxIterations(1).Build();

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => loop.RunAsync("p"));

        ex.Message.ShouldContain("i001-s0000");
    }

    [Fact]
    public async Task RunAsync_SameSeed_ProducesSameSamples()
    {
        async Task<IReadOnlyList<string>> RunOnce(int seed)
        {
            var loop = PromptLoop.Create().WithGenerator(new CountingGenerator()).WithSeed(seed).WithMaxIterations(2).WithSamplesPerIteration(3).Build();
            return (await loop.RunAsync("p")).Samples.Select(s => s.Input).ToList();
        }

        (await RunOnce(7)).ShouldBe(await RunOnce(7));
        (await RunOnce(7)).ShouldNotBe(await RunOnce(8));
    }

    private sealed class StagedCritic(Action<CritiqueContext> observe) : CriticBase
    {
        public override string Name => "second";

        public override int Stage => 1;

        public override Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
        {
            observe(context);
            return Task.FromResult(new Critique { CriticName = Name });
        }
    }

    private sealed class ThreeLevels : IDifficultyCurriculum
    {
        public DifficultyStep Next(CurriculumContext context) =>
            context.Iteration > 3 ? DifficultyStep.Complete(3) : new DifficultyStep { Level = context.Iteration, MaxLevel = 3 };
    }

    private sealed class ThrowingUpdater : IPromptUpdater
    {
        public Task<PromptUpdate> UpdateAsync(PromptUpdateContext context, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("optimizer exploded");
    }

    private sealed class DuplicateIdGenerator : IGenerator
    {
        public Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GenerationResult
            {
                Samples = [new Sample { Id = "i001-s0000", Input = "a" }, new Sample { Id = "i001-s0000", Input = "b" }],
            });
    }

    /// <summary>Accepts a rewrite of the same length every iteration ("p1", "p2", ...).</summary>
    private sealed class SameLengthRewriter : IPromptUpdater
    {
        public Task<PromptUpdate> UpdateAsync(PromptUpdateContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(new PromptUpdate { Decision = PromptUpdateDecision.Accepted, NewText = $"p{context.Iteration}" });
    }
}
