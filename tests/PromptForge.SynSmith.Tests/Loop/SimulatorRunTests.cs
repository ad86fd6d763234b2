using PromptForge.Simulation;

namespace PromptForge.SynSmith.Tests.Loop;

public sealed class SimulatorRunTests
{
    public static TheoryData<SynSmithCondition> Conditions => new(Enum.GetValues<SynSmithCondition>());

    private static Task<RunResult> RunOnSimulatorAsync(SynSmithCondition condition)
    {
        var schema = TestData.CustomerSupportSchema();
        var real = RealExampleSet.Load(TestData.File("customer_support", "splits/real_train.jsonl"), schema);
        return PromptLoop.Create()
            .WithChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 17, Behaviors = { SynSmithSimulation.Behavior } }))
            .WithSeed(17).WithMaxIterations(3).WithSamplesPerIteration(16).WithMaxConcurrency(32)
            .UseSynSmith(schema, real, o => o.Condition = condition)
            .Build()
            .RunAsync(Fakes.SynSmithRuns.InitialPrompt);
    }

    [Theory]
    [MemberData(nameof(Conditions))]
    public async Task RunAsync_EveryConditionThreeIterationsOnTheSimulator_Completes(SynSmithCondition condition)
    {
        var run = await RunOnSimulatorAsync(condition);

        run.Status.ShouldBe(RunStatus.Completed);
        run.MetricHistory.Select(r => r.SampleCount).ShouldBe([16, 16, 16]);
        // The paired incumbent measurement of a gate iteration is counted on its own.
        run.MetricHistory.ShouldAllBe(r => r.Usage.Calls - (r.Metrics.ContainsKey(GateMeasurementCritic.ExtraCallsMetric) ? r.Metrics[GateMeasurementCritic.ExtraCallsMetric].Value!.Value : 0) <= 30);
        run.MetricHistory.SelectMany(r => r.Critiques).ShouldAllBe(c => !c.Failed);
    }

    [Fact]
    public async Task RunAsync_FullOnTheSimulator_BansStockPhrasingAndImprovesRealism()
    {
        var run = await RunOnSimulatorAsync(SynSmithCondition.Full);

        var first = run.MetricHistory[0].Metrics;
        run.MetricHistory[0].Metrics[ModeHunter.LibrarySizeMetric].Value!.Value.ShouldBeGreaterThan(0);
        var best = run.MetricHistory.Max(r => r.Objective ?? 0);
        best.ShouldBeGreaterThan(run.MetricHistory[0].Objective!.Value);
        run.MetricHistory.Min(r => r.Metrics[RealismDiscriminator.AccuracyMetric].Value!.Value).ShouldBeLessThan(first[RealismDiscriminator.AccuracyMetric].Value!.Value);
    }
}
