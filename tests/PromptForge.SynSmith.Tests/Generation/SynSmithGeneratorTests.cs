using System.Text.Json.Nodes;
using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Generation;

public sealed class SynSmithGeneratorTests
{
    [Fact]
    public async Task Defect09_ModelProvidedIdsAreIgnored_IdsAreOurs()
    {
        // The fake model answers "sample_id": "model-id-1" for every sample (a collision the reference joined on).
        var model = new FakeSynSmithModel();

        var run = await SynSmithRuns.RunAsync(model.Client, o => o.Condition = SynSmithCondition.Naive, iterations: 2);

        run.Samples.Count.ShouldBe(32);
        run.Samples.Select(s => s.Id).Distinct().Count().ShouldBe(32);
        run.Samples.ShouldAllBe(s => s.Id.StartsWith('i') && s.Id.Contains("-s", StringComparison.Ordinal));
        run.Samples.ShouldAllBe(s => s.Provenance.Origin == SampleOrigin.Synthetic && s.Provenance.PromptVersion == 0);
    }

    [Fact]
    public async Task GenerateAsync_SeveralTargetsPerCall_FewerCallsSameCount()
    {
        var model = new FakeSynSmithModel();

        var run = await SynSmithRuns.RunAsync(model.Client, o => { o.Condition = SynSmithCondition.Naive; o.Generator.SamplesPerCall = 4; }, iterations: 1);

        model.Client.CallsFor("synsmith.generator").Count.ShouldBe(4);
        model.Client.CallsFor("synsmith.generator").ShouldAllBe(c => c.UserJson["targets"]!.AsArray().Count == 4);
        run.Samples.Count.ShouldBe(16);
    }

    [Theory]
    [InlineData(SynSmithCondition.Naive, 3)]
    [InlineData(SynSmithCondition.FewShot, 8)]
    [InlineData(SynSmithCondition.Full, 3)]
    public async Task GenerateAsync_StyleAnchorsAreRealExamplesOfTheTargetsOwnClass(SynSmithCondition condition, int perClass)
    {
        var model = new FakeSynSmithModel();
        var real = TestData.CustomerSupportReal();

        await SynSmithRuns.RunAsync(model.Client, o => o.Condition = condition, iterations: 1, samples: 8);

        foreach (var call in model.Client.CallsFor("synsmith.generator"))
        {
            var label = call.UserJson["targets"]![0]!["attributes"]!["intent"]!.GetValue<string>();
            var anchors = call.UserJson["style_examples"]!.AsArray();
            anchors.Count.ShouldBe(perClass);
            anchors.ShouldAllBe(a => a!["label"]!.GetValue<string>() == label && real.ByLabel[label].Any(r => r.Text == a["text"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task GenerateAsync_MissingAndMislabeledReplies_AreRetriedOnceThenRejected()
    {
        var model = new FakeSynSmithModel();
        var calls = 0;
        model.Client.On("synsmith.generator", call =>
        {
            var n = Interlocked.Increment(ref calls);
            var target = call.UserJson["targets"]![0]!;
            var intent = target["attributes"]!["intent"]!.GetValue<string>();
            var attributes = target["attributes"]!.DeepClone().AsObject();
            attributes["intent"] = intent == "complaint" ? "refund_request" : intent;
            return new JsonObject { ["samples"] = new JsonArray(new JsonObject { ["ref"] = "t1", ["text"] = $"text {n}", ["attributes"] = attributes }) }.ToJsonString();
        });

        var run = await SynSmithRuns.RunAsync(model.Client, o => { o.Condition = SynSmithCondition.Naive; o.PlannerStrategy = PlannerStrategy.ClassBalanced; }, iterations: 1, samples: 10);

        // Class-balanced: 2 complaint targets; each declared the wrong label twice -> 8 samples kept, 4 rejected attempts.
        run.Samples.Count.ShouldBe(8);
        run.MetricHistory[0].RejectedSampleCount.ShouldBe(4);
        calls.ShouldBe(12);
    }

    [Fact]
    public async Task GenerateAsync_VerbalizedSampling_DrawsByStatedProbability()
    {
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.generator", call =>
        {
            var targets = call.UserJson["targets"]!.AsArray().Select(t => (JsonNode)new JsonObject
            {
                ["ref"] = t!["ref"]!.GetValue<string>(),
                ["candidates"] = new JsonArray(
                    new JsonObject { ["text"] = "never chosen", ["probability"] = 0.0 },
                    new JsonObject { ["text"] = "always chosen " + t["ref"], ["probability"] = 0.7 }),
            }).ToArray();
            call.System.ShouldContain("candidate");
            return new JsonObject { ["targets"] = new JsonArray(targets) }.ToJsonString();
        });

        var run = await SynSmithRuns.RunAsync(model.Client, o => { o.Condition = SynSmithCondition.Naive; o.Generator.VerbalizedSampling = true; }, iterations: 1, samples: 6);

        run.Samples.Count.ShouldBe(6);
        run.Samples.ShouldAllBe(s => s.Input.StartsWith("always chosen", StringComparison.Ordinal));
    }
}
