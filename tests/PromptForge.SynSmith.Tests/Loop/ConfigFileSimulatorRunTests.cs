using PromptForge.Simulation;

namespace PromptForge.SynSmith.Tests.Loop;

/// <summary>
/// The reference's config.yaml through <c>UseSynSmith(SynSmithConfigFile)</c> on the simulator, as
/// <c>promptforge synthesize</c> runs it (simulator seed 0 unless --seed is given).
/// </summary>
public sealed class ConfigFileSimulatorRunTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public async Task UseSynSmith_ReferenceConfigOnTheSimulator_GeneratesDistinctTextsThatMatchTheirLabels(int simulatorSeed)
    {
        var config = SynSmithConfigFile.Load(TestData.File("customer_support", "config.yaml"));

        var run = await PromptLoop.Create()
            .WithChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = simulatorSeed, Behaviors = { SynSmithSimulation.Behavior } }))
            .WithMaxConcurrency(32)
            .UseSynSmith(config)
            .WithMaxIterations(2)
            .Build()
            .RunAsync(config.InitialPrompt!);

        run.Status.ShouldBe(RunStatus.Completed);
        run.MetricHistory.Count.ShouldBe(2);
        foreach (var iteration in run.MetricHistory)
        {
            iteration.SampleCount.ShouldBe(20);
            iteration.Metrics[AttributeVerifier.MatchRateMetric].Value!.Value.ShouldBeGreaterThan(0.2, $"iteration {iteration.Iteration}");
            iteration.Metrics[DiversityMetricNames.Coverage("intent")].IsMeasured.ShouldBeTrue($"iteration {iteration.Iteration}");
            iteration.Metrics[DiversityMetricNames.Entropy("intent")].IsMeasured.ShouldBeTrue($"iteration {iteration.Iteration}");
            iteration.Metrics[DiversityMetricNames.NearDuplicateRate].Value!.Value.ShouldBeLessThan(0.9, $"iteration {iteration.Iteration}");
        }

        var texts = run.Samples.Select(s => s.Input).ToArray();
        texts.Distinct(StringComparer.Ordinal).Count().ShouldBeGreaterThan(texts.Length * 3 / 4);

        // The bug's signature: one stock sibling-class sentence for every sample.
        texts.Count(t => t.Contains("can someone look at it", StringComparison.Ordinal)).ShouldBeLessThan(texts.Length / 2);
    }
}
