using Microsoft.Extensions.Time.Testing;
using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Loop;

public sealed class SynSmithLoopTests
{
    public static TheoryData<SynSmithCondition> Conditions => new(Enum.GetValues<SynSmithCondition>());

    [Theory]
    [MemberData(nameof(Conditions))]
    public async Task RunAsync_EveryCondition_ThreeIterationsCompleteWithTheSameMetricKeys(SynSmithCondition condition)
    {
        var full = await SynSmithRuns.RunAsync(new FakeSynSmithModel().Client, iterations: 1, samples: 8);
        var run = await SynSmithRuns.RunAsync(new FakeSynSmithModel().Client, o => o.Condition = condition, iterations: 3, samples: 8);

        run.Status.ShouldBe(RunStatus.Completed);
        run.MetricHistory.Count.ShouldBe(3);
        run.MetricHistory.ShouldAllBe(r => r.SampleCount == 8);
        run.MetricHistory[0].Metrics.Keys.ShouldBe(full.MetricHistory[0].Metrics.Keys.Where(k => !k.StartsWith("updater.", StringComparison.Ordinal)), ignoreOrder: true);
    }

    [Fact]
    public async Task RunAsync_FullCondition_MeasuresEveryPerIterationMetricOfTheMethod()
    {
        var schema = TestData.CustomerSupportSchema();

        var run = await SynSmithRuns.RunAsync(new FakeSynSmithModel().Client, iterations: 2, samples: 8);

        string[] expected =
        [
            AttributeVerifier.MatchRateMetric, RealismDiscriminator.AccuracyMetric, RealismDiscriminator.SyntheticDetectionRateMetric,
            PackDiscriminator.AccuracyMetric, ModeSeekingCritic.RatioMetric, ModeHunter.BannedPhrasingCountMetric, CoverageHoleFinder.AurocMetric,
            DiversityMetricNames.NearDuplicateRate, DiversityMetricNames.CombinationCoverage, DiversityMetricNames.VendiScore,
            DiversityMetricNames.Distinct1, DiversityMetricNames.Distinct2, DiversityMetricNames.Distinct3,
            .. schema.AttributeNames.SelectMany(a => new[] { DiversityMetricNames.Entropy(a), DiversityMetricNames.Coverage(a) }),
        ];
        run.MetricHistory.Count.ShouldBe(2);
        foreach (var iteration in run.MetricHistory)
        {
            foreach (var name in expected)
            {
                iteration.Metrics.ContainsKey(name).ShouldBeTrue(name);
                iteration.Metrics[name].IsMeasured.ShouldBeTrue($"{name} in iteration {iteration.Iteration}: {iteration.Metrics[name].NotMeasuredReason}");
            }
        }
    }

    [Fact]
    public async Task Defect13_ClassBalancedPlanner_CountsTheClassesTheTextsHave()
    {
        // Every complaint reads as a general question; the rewrite is a no-op so no iteration is rolled back.
        var model = new FakeSynSmithModel { ReadLabel = (text, requested) => requested == "complaint" ? "general_question" : requested, Rewrite = (prompt, _) => prompt };

        var run = await SynSmithRuns.RunAsync(model.Client, o =>
        {
            o.Condition = SynSmithCondition.FullClassic;
            o.PlannerStrategy = PlannerStrategy.ClassBalanced;
            o.Generator.RegenerateRejectedLabels = false;
        }, iterations: 2, samples: 10);

        int Requested(int iteration, string label) => run.Samples.Count(s => s.Provenance.Iteration == iteration && s.Expected == label);
        Requested(1, "complaint").ShouldBe(2);

        // Verified so far: complaint 0, general_question 4, the others 2; quota ceil(20 / 5) = 4.
        Requested(2, "complaint").ShouldBe(4);
        Requested(2, "general_question").ShouldBe(0);
        Requested(2, "refund_request").ShouldBe(2);
    }

    [Fact]
    public async Task Defect14_CriticsOffInTheCondition_ReportNotMeasured()
    {
        var run = await SynSmithRuns.RunAsync(new FakeSynSmithModel().Client, o => o.Condition = SynSmithCondition.Naive, iterations: 1, samples: 8);

        var metrics = run.MetricHistory[0].Metrics;
        foreach (var name in new[] { RealismDiscriminator.AccuracyMetric, PackDiscriminator.AccuracyMetric, AttributeVerifier.MatchRateMetric, CoverageHoleFinder.AurocMetric, ModeSeekingCritic.RatioMetric })
        {
            metrics[name].IsMeasured.ShouldBeFalse();
            metrics[name].NotMeasuredReason!.ShouldContain("is off in condition 'naive'");
        }

        metrics[DiversityMetricNames.NearDuplicateRate].IsMeasured.ShouldBeTrue();
    }

    [Fact]
    public async Task LeaveOneCriticOut_RunsTheOtherSixAndReportsTheLeftOutOneNotMeasured()
    {
        var model = new FakeSynSmithModel();

        var run = await SynSmithRuns.RunAsync(model.Client, o => o.ExcludedCritics.Add(SynSmithCriticNames.PackDiscriminator), iterations: 1, samples: 8);

        model.Client.CallsFor("synsmith.pack_discriminator").ShouldBeEmpty();
        run.MetricHistory[0].Metrics[PackDiscriminator.AccuracyMetric].IsMeasured.ShouldBeFalse();
        run.MetricHistory[0].Metrics[RealismDiscriminator.AccuracyMetric].IsMeasured.ShouldBeTrue();
    }

    [Fact]
    public async Task Defect17_RegenerationForRejectedLabels_KeepsTheSampleCountEqualAcrossConditions()
    {
        // The verifier rejects every complaint; the reference then generated up to 50% extra samples only in verifier conditions.
        static FakeSynSmithModel Model() => new() { ReadLabel = (text, requested) => requested == "complaint" ? "general_question" : requested };
        var full = Model();
        var naive = Model();

        // Without the gate's paired incumbent batches, whose generator calls are measurement-only.
        var withVerifier = await SynSmithRuns.RunAsync(full.Client, o => o.Gate.PairedMeasurement = false, iterations: 3, samples: 16);
        var withoutVerifier = await SynSmithRuns.RunAsync(naive.Client, o => o.Condition = SynSmithCondition.Naive, iterations: 3, samples: 16);

        withVerifier.MetricHistory.Select(r => r.SampleCount).ShouldBe([16, 16, 16]);
        withoutVerifier.MetricHistory.Select(r => r.SampleCount).ShouldBe([16, 16, 16]);
        withVerifier.Samples.Count.ShouldBe(withoutVerifier.Samples.Count);
        full.Client.CallsFor("synsmith.generator").Count.ShouldBe(naive.Client.CallsFor("synsmith.generator").Count);

        // The rejected label is requested again within the count: later iterations ask for more complaints.
        var complaints = withVerifier.MetricHistory.Select(r => withVerifier.Samples.Count(s => s.Provenance.Iteration == r.Iteration && s.Expected == "complaint")).ToArray();
        complaints[1].ShouldBeGreaterThan(complaints[0]);
    }

    [Fact]
    public async Task Defect15_OneIterationWithSixteenSamplesAndAllCritics_AtMostThirtyConcurrentCalls()
    {
        // Every call waits one latency on a fake clock that moves only when all started calls wait on it, so the calls
        // of one wave all start before any of them returns, however loaded the machine is.
        var clock = new FakeTimeProvider();
        var latency = TimeSpan.FromSeconds(1);
        var model = new FakeSynSmithModel(latency, clock);
        var started = clock.GetUtcNow();

        var run = await FakeClockDriver.RunAsync(clock, model.Client, latency, () => SynSmithRuns.RunAsync(model.Client, iterations: 1, samples: 16));

        run.Usage.ByIteration.Values.Single().Calls.ShouldBeLessThanOrEqualTo(30);
        model.Client.Calls.Count.ShouldBeLessThanOrEqualTo(30);
        model.Client.MaxObservedConcurrency.ShouldBeGreaterThan(1);

        // At most 6 latencies of wall time: no chain of more than 6 calls each waiting for the previous one
        // (the reference's one-after-another calls form a chain as long as the call count).
        model.Client.MaxCallDepth.ShouldBeLessThanOrEqualTo(6);
        (clock.GetUtcNow() - started).ShouldBeLessThanOrEqualTo(6 * latency);
    }

    [Fact]
    public async Task Defect15_MalformedCriticReply_DoesNotAbortTheRun()
    {
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.realism_discriminator", _ => "{not json");

        var run = await SynSmithRuns.RunAsync(model.Client, iterations: 2, samples: 8);

        run.Status.ShouldBe(RunStatus.Completed);
        run.MetricHistory.ShouldAllBe(r => r.Critiques.Single(c => c.CriticName == "realism_discriminator").Failed);
    }

    [Fact]
    public async Task Defect16_RegressingRewrite_IsRolledBackRetriedWithTheRegressionAndNotReturnedAsBest()
    {
        // The first rewrite makes the generator mislabel everything; the second is fine.
        var model = new FakeSynSmithModel
        {
            Rewrite = (prompt, n) => n == 1 ? prompt + " BROKEN" : prompt.Replace(" BROKEN", string.Empty, StringComparison.Ordinal) + " Vary openers.",
            WriteText = (target, system) => (system.Contains("BROKEN", StringComparison.Ordinal) ? "MISLABEL " : string.Empty) + $"about {target["intent"]}",
            ReadLabel = (text, requested) => text.StartsWith("MISLABEL", StringComparison.Ordinal) ? (requested == "complaint" ? "general_question" : "complaint") : requested,
        };

        var run = await SynSmithRuns.RunAsync(model.Client, o => o.Condition = SynSmithCondition.FullClassic, iterations: 3, samples: 8);

        run.PromptHistory.ShouldContain(p => p.Text.Contains("BROKEN", StringComparison.Ordinal) && p.Status == PromptVersionStatus.Rejected);
        run.BestPrompt.Text.ShouldNotContain("BROKEN");
        var retry = model.Client.CallsFor("synsmith.updater")[1].UserJson;
        retry["last_rejected_rewrite"]!["reason"]!.GetValue<string>().ShouldContain("fidelity 1 -> 0");
        retry["last_rejected_rewrite"]!["prompt"]!.GetValue<string>().ShouldContain("BROKEN");

        // Rejected samples never reach the exported dataset.
        var exported = SynSmithDatasetExporter.Collect(run, TestData.CustomerSupportSchema());
        exported.ShouldNotBeEmpty();
        exported.ShouldAllBe(s => !s.Text.StartsWith("MISLABEL", StringComparison.Ordinal) && s.Verified);
    }

    [Fact]
    public async Task Defect10_LabelAttributeIsNotAssumedToBeIntent()
    {
        var schema = AttributeSchema.Parse("label_attribute: polarity\nattributes:\n  polarity: [negative, positive]\n  style: [terse, chatty]\n", "polarity.yaml");
        var real = RealExampleSet.Create([new RealExample("awful film", "negative"), new RealExample("dull", "negative"), new RealExample("loved it", "positive"), new RealExample("great fun", "positive"), new RealExample("superb", "positive")], schema);
        var model = new FakeSynSmithModel { WriteText = (target, _) => $"a {target["polarity"]} review, {target["style"]}" };

        var run = await SynSmithRuns.RunAsync(model.Client, iterations: 2, samples: 6, schema: schema, real: real);

        run.Status.ShouldBe(RunStatus.Completed);
        run.MetricHistory[0].Metrics[AttributeVerifier.MatchRateMetric].Value.ShouldBe(1.0);
        run.Samples.ShouldAllBe(s => s.Expected == "negative" || s.Expected == "positive");
        model.Client.CallsFor("synsmith.attribute_verifier")[0].System.ShouldContain("\"polarity\"");
    }

    [Fact]
    public async Task Defect01_CriticNeedingMoreRealExamples_FailsAtBuild()
    {
        var schema = TestData.CustomerSupportSchema();
        var tiny = RealExampleSet.Create([new RealExample("x", "complaint"), new RealExample("y", "refund_request")], schema);

        var ex = await Should.ThrowAsync<PromptLoopValidationException>(() => SynSmithRuns.RunAsync(new FakeSynSmithModel().Client, schema: schema, real: tiny));

        ex.Problems.ShouldContain(p => p.Contains("coverage-hole finder", StringComparison.Ordinal) && p.Contains("at least 5 real examples", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UseSynSmith_InvalidOptions_AllProblemsReportedAtBuild()
    {
        var ex = await Should.ThrowAsync<PromptLoopValidationException>(() => SynSmithRuns.RunAsync(new FakeSynSmithModel().Client, o =>
        {
            o.AttributeVerifier.BatchSize = 0;
            o.ExcludedCritics.Add("no_such_critic");
            o.TargetedCombinations.Add(new Dictionary<string, string> { ["difficulty"] = "easy", ["ambiguity"] = "high" });
        }));

        ex.Problems.ShouldContain(p => p.Contains("BatchSize", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.Contains("'no_such_critic' is not a SynSmith critic", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.Contains("targeted combination 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResumeAsync_BanListSurvivesAResume()
    {
        using var folder = new TestData.TempFolder();
        var schema = TestData.CustomerSupportSchema();
        var real = TestData.CustomerSupportReal();
        PromptLoop Loop(int iterations) => PromptLoop.Create()
            .WithChatClient(new FakeSynSmithModel().Client)
            .WithRunStore(new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = folder.PathName }))
            .WithMaxIterations(iterations)
            .WithSamplesPerIteration(6)
            .UseSynSmith(schema, real)
            .Build();

        var first = await Loop(1).RunAsync(SynSmithRuns.InitialPrompt);
        var resumed = await Loop(2).ResumeAsync(first.RunId);

        resumed.MetricHistory.Count.ShouldBe(2);
        var second = resumed.MetricHistory[1].Metrics;
        second[ModeHunter.LibrarySizeMetric].Value.ShouldBe(1);
        second[ModeHunter.BannedPhrasingCountMetric].Value!.Value.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task RunAsync_SameSeed_SameSamplesAndPrompts()
    {
        static async Task<RunResult> Run()
        {
            var model = new FakeSynSmithModel(TimeSpan.FromMilliseconds(3)) { WriteText = (target, _) => $"about {target["intent"]} {target["style"]} {target["noise"]}" };
            return await SynSmithRuns.RunAsync(model.Client, o => { o.Generator.SamplesPerCall = 3; o.PlannerStrategy = PlannerStrategy.CoverageGap; }, iterations: 2, samples: 12);
        }

        var first = await Run();
        var second = await Run();

        second.Samples.Select(s => (s.Id, string.Join("|", s.RequestedAttributes.Values))).ShouldBe(first.Samples.Select(s => (s.Id, string.Join("|", s.RequestedAttributes.Values))));
        second.PromptHistory.Select(p => p.Text).ShouldBe(first.PromptHistory.Select(p => p.Text));
        second.MetricHistory[1].Metrics[RealismDiscriminator.AccuracyMetric].ShouldBe(first.MetricHistory[1].Metrics[RealismDiscriminator.AccuracyMetric]);
    }
}
