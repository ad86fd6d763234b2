using PromptForge.Tests.Fakes;

namespace PromptForge.Tests.Loop;

public sealed class IterationServicesTests
{
    [Fact]
    public void RandomFor_SameSeedIterationAndComponent_GivesTheSameSequenceAndOthersDiffer()
    {
        var services = Services(iteration: 2, seed: 7);

        int generator = services.RandomFor("generator").Next();

        services.RandomFor("generator").Next().ShouldBe(generator);
        generator.ShouldBe(new Random(StableHash.Combine(7, 2, "generator")).Next());
        services.RandomFor("updater").Next().ShouldNotBe(generator);
        Services(iteration: 3, seed: 7).RandomFor("generator").Next().ShouldNotBe(generator);
    }

    [Fact]
    public async Task RunAsync_ComponentContextsOfOneIteration_ShareItsServicesAndEachHasItsOwnSeededRandom()
    {
        var generated = new List<GenerationContext>();
        var critic = new ScoreByVersionCritic(v => v, "judge");
        var updater = new AppendingUpdater(PromptUpdateDecision.Accepted);
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator { OnGenerate = context => { generated.Add(context); return Task.CompletedTask; } })
            .WithCritic(critic)
            .WithPromptUpdater(updater)
            .WithSeed(5)
            .WithMaxIterations(2)
            .Build();

        await loop.RunAsync("p", TestContext.Current.CancellationToken);

        for (int i = 0; i < 2; i++)
        {
            var (generation, critique, update) = (generated[i], critic.Contexts[i], updater.Contexts[i]);
            int iteration = i + 1;
            new[] { generation.Iteration, critique.Iteration, update.Iteration }.ShouldAllBe(n => n == iteration);
            critique.State.ShouldBeSameAs(generation.State);
            update.State.ShouldBeSameAs(generation.State);
            critique.Models.ShouldBeSameAs(generation.Models);
            update.Models.ShouldBeSameAs(generation.Models);
            critique.Events.ShouldBeSameAs(generation.Events);
            update.Embeddings.ShouldBeSameAs(generation.Embeddings);
            update.TimeProvider.ShouldBeSameAs(generation.TimeProvider);
            update.LoggerFactory.ShouldBeSameAs(generation.LoggerFactory);

            // CountingGenerator drew one number from its random source; the critic's and the updater's are untouched.
            critique.Samples[0].Input.ShouldEndWith($" r{new Random(StableHash.Combine(5, iteration, "generator")).Next(1000)}");
            critique.Random.Next().ShouldBe(new Random(StableHash.Combine(5, iteration, "critic:judge")).Next());
            update.Random.Next().ShouldBe(new Random(StableHash.Combine(5, iteration, "updater")).Next());
            generation.SampleCount.ShouldBe(critique.Samples.Count);
            update.History.Count.ShouldBe(i);
        }
    }

    private static IterationServices Services(int iteration, int seed) => new()
    {
        State = new LoopState("run", new PromptVersion { Version = 0, Text = "p" }),
        Iteration = iteration,
        Models = null!,
        Embeddings = null!,
        TimeProvider = TimeProvider.System,
        LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
        Events = null!,
        Seed = seed,
    };
}
