using System.Reflection;
using PromptForge.Testing;
using PromptForge.Tests.Artifacts;
using PromptForge.Tests.Fakes;

namespace PromptForge.Tests.Loop;

/// <summary>The typed seams between the loop and its components: results, state updates, prompt scores, the phase.</summary>
public sealed class PromptLoopSeamTests
{
    [Fact]
    public async Task RunAsync_CriticPublishesTypedResult_UpdaterReadsTheSameObject()
    {
        var critic = new TallyCritic();
        var updater = new ResultReadingUpdater();

        await PromptLoop.Create().WithGenerator(new CountingGenerator()).WithCritic(critic).WithPromptUpdater(updater).WithMaxIterations(2).WithSamplesPerIteration(2).Build().RunAsync("p");

        updater.Seen.Count.ShouldBe(2);
        updater.Seen[0].ShouldBeSameAs(critic.Published[0]);
        updater.Seen[1].ShouldBeSameAs(critic.Published[1]);
    }

    [Fact]
    public async Task ResumeAsync_StateAndResultsSavedByEarlierIterations_AreRestoredTyped()
    {
        var store = new InMemoryRunStore();
        PromptLoop Build(int iterations, StatefulGenerator generator, ResultReadingUpdater updater) => PromptLoop.Create()
            .WithGenerator(generator).WithCritic(new TallyCritic()).WithPromptUpdater(updater)
            .WithRunStore(store).WithRunId("seams").WithMaxIterations(iterations).WithSamplesPerIteration(1).Build();

        var first = new StatefulGenerator();
        await Build(2, first, new ResultReadingUpdater()).RunAsync("p");
        var resumedGenerator = new StatefulGenerator();
        var resumedUpdater = new ResultReadingUpdater();
        await Build(3, resumedGenerator, resumedUpdater).ResumeAsync("seams");

        first.CountsSeen.ShouldBe([0, 1]);
        resumedGenerator.CountsSeen.ShouldBe([2]);
        resumedUpdater.HistoryCounts.ShouldBe([1, 1]);
        using var saved = System.Text.Json.JsonDocument.Parse(store.ReadText("seams", "iter_001/critics/tally.json"));
        saved.RootElement.GetProperty("result_key").GetString().ShouldBe("test.tally");
    }

    [Fact]
    public async Task RunAsync_CriticReportsPromptScores_LoopRecordsThem()
    {
        var result = await PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new TallyCritic { ScoreInitialAs = 0.25 })
            .WithPromptUpdater(new AppendingUpdater(PromptUpdateDecision.Accepted))
            .WithMaxIterations(2).WithSamplesPerIteration(1).Build().RunAsync("p");

        result.PromptHistory.Single(p => p.Version == 0).Score.ShouldBe(0.25);
    }

    [Fact]
    public async Task RunAsync_CriticScoresUnknownVersion_CriticFailsRunGoesOn()
    {
        var result = await PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new TallyCritic { ScoreVersion = 42 })
            .WithMaxIterations(1).WithSamplesPerIteration(1).Build().RunAsync("p");

        result.Status.ShouldBe(RunStatus.Completed);
        var critique = result.MetricHistory.Single().Critiques.Single();
        critique.Failed.ShouldBeTrue();
        critique.Error!.ShouldContain("v42");
    }

    [Fact]
    public async Task RunAsync_CurriculumStepPhase_ReachesGeneratorCriticAndUpdater()
    {
        var generator = new CountingGenerator();
        var phases = new List<(string, IterationPhase)>();
        var critic = new TallyCritic { OnCritique = c => phases.Add(("critic", c.Phase)) };
        var updater = new ResultReadingUpdater { OnUpdate = c => phases.Add(("updater", c.Phase)) };

        await PromptLoop.Create()
            .WithGenerator(new PhaseRecordingGenerator(phases)).WithCritic(critic).WithPromptUpdater(updater)
            .WithCurriculum(new TwoPhaseCurriculum())
            .WithMaxIterations(5).WithSamplesPerIteration(1).Build().RunAsync("p");

        phases.ShouldBe(
        [
            ("generator", IterationPhase.Exploration), ("critic", IterationPhase.Exploration), ("updater", IterationPhase.Exploration),
            ("generator", IterationPhase.Selection), ("critic", IterationPhase.Selection), ("updater", IterationPhase.Selection),
        ]);
    }

    [Fact]
    public void LoopState_PublicSurface_HasNoMutators()
    {
        var publicMethods = typeof(LoopState).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName).Select(m => m.Name).ToArray();
        var publicSetters = typeof(LoopState).GetProperties().Concat(typeof(PromptVersion).GetProperties())
            .Where(p => p.SetMethod is { IsPublic: true } setter && !setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit"))
            .Select(p => p.DeclaringType!.Name + "." + p.Name).ToArray();

        publicMethods.ShouldBe(["TryGetValue"]);
        publicSetters.ShouldBeEmpty();
    }

    private static readonly ArtifactKey<TallyResult> CounterKey = new("test.counter", ArtifactTestJsonContext.Default.TallyResult);

    private sealed class TallyCritic : CriticBase
    {
        public List<TallyResult> Published { get; } = [];

        public double? ScoreInitialAs { get; init; }

        public int? ScoreVersion { get; init; }

        public Action<CritiqueContext>? OnCritique { get; init; }

        public override string Name => "tally";

        public override Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
        {
            OnCritique?.Invoke(context);
            var tally = new TallyResult { Count = context.Samples.Count };
            Published.Add(tally);
            var scores = new Dictionary<int, double>();
            if (ScoreInitialAs is { } score && context.Prompt.Version != 0)
            {
                scores[0] = score;
            }

            if (ScoreVersion is { } version)
            {
                scores[version] = 1;
            }

            return Task.FromResult(new Critique { CriticName = Name, Result = Artifact.Create(ArtifactTests.TallyKey, tally), PromptScores = scores });
        }
    }

    private sealed class ResultReadingUpdater : IPromptUpdater
    {
        public List<TallyResult> Seen { get; } = [];

        public List<int> HistoryCounts { get; } = [];

        public Action<PromptUpdateContext>? OnUpdate { get; init; }

        public Task<PromptUpdate> UpdateAsync(PromptUpdateContext context, CancellationToken cancellationToken = default)
        {
            OnUpdate?.Invoke(context);
            Seen.AddRange(context.Critiques.ResultsOf(ArtifactTests.TallyKey));
            HistoryCounts.Clear();
            HistoryCounts.AddRange(context.History.SelectMany(r => r.Critiques).ResultsOf(ArtifactTests.TallyKey).Select(t => t.Count));
            return Task.FromResult(PromptUpdate.NoChange());
        }
    }

    /// <summary>Counts its calls in loop state, read through a typed key and written back as a state update.</summary>
    private sealed class StatefulGenerator : IGenerator
    {
        private readonly CountingGenerator _inner = new();

        public List<int> CountsSeen { get; } = [];

        public async Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
        {
            int count = context.State.TryGetValue(CounterKey, out var saved) ? saved.Count : 0;
            CountsSeen.Add(count);
            var result = await _inner.GenerateAsync(context, cancellationToken);
            return new GenerationResult { Samples = result.Samples, StateUpdates = [Artifact.Create(CounterKey, new TallyResult { Count = count + 1 })] };
        }
    }

    private sealed class PhaseRecordingGenerator(List<(string, IterationPhase)> phases) : IGenerator
    {
        private readonly CountingGenerator _inner = new();

        public Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
        {
            phases.Add(("generator", context.Phase));
            return _inner.GenerateAsync(context, cancellationToken);
        }
    }

    private sealed class TwoPhaseCurriculum : IDifficultyCurriculum
    {
        public DifficultyStep Next(CurriculumContext context) => context.Iteration switch
        {
            1 => new DifficultyStep { Level = 1, MaxLevel = 1 },
            2 => new DifficultyStep { Level = 2, MaxLevel = 1, Phase = IterationPhase.Selection },
            _ => DifficultyStep.Complete(1),
        };
    }
}
