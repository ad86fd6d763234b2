using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Critics;

public sealed class RealismDiscriminatorTests
{
    private static readonly AttributeSchema Schema = TestData.CustomerSupportSchema();
    private static readonly RealExampleSet Real = TestData.CustomerSupportReal();

    private static Sample[] Samples(int count) =>
        Enumerable.Range(0, count).Select(i => Contexts.Sample(i, $"Dear support team, synthetic {i}", Schema.Labels[i % 5])).ToArray();

    [Fact]
    public async Task Defect02_EveryBatchIsBalancedAndTheAnchorCoversEveryClass()
    {
        var model = new FakeSynSmithModel();

        var run = await Contexts.RunCriticsAsync(model.Client, Samples(16), new RealismDiscriminator(Schema, Real, new RealismDiscriminatorOptions { MaxTextsPerBatch = 12 }));

        var calls = model.Client.CallsFor("synsmith.realism_discriminator");
        calls.Count.ShouldBe(3);
        var realTexts = Real.ToDictionary(r => r.Text, r => r.Label);
        foreach (var call in calls)
        {
            var texts = call.UserJson["texts"]!.AsArray().Select(t => t!["text"]!.GetValue<string>()).ToArray();
            texts.Count(realTexts.ContainsKey).ShouldBe(texts.Length / 2);
        }

        var anchorClasses = calls.SelectMany(c => c.UserJson["texts"]!.AsArray()).Select(t => t!["text"]!.GetValue<string>())
            .Where(realTexts.ContainsKey).Select(t => realTexts[t]).Distinct();
        anchorClasses.ShouldBe(Schema.Labels, ignoreOrder: true);
        var metrics = run.MetricHistory[0].Metrics;
        metrics[RealismDiscriminator.AccuracyMetric].Value.ShouldBe(1.0);
        metrics[RealismDiscriminator.AccuracyMetric].SampleSize.ShouldBe(32);
        metrics[RealismDiscriminator.SyntheticDetectionRateMetric].Value.ShouldBe(1.0);
    }

    [Fact]
    public async Task Defect02_MissingVerdictsStayInTheDenominator()
    {
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.realism_discriminator", call =>
        {
            // Answers only the first two texts, both correctly.
            var texts = call.UserJson["texts"]!.AsArray().Take(2).Select(t => new
            {
                r = t!["ref"]!.GetValue<string>(),
                synthetic = t["text"]!.GetValue<string>().StartsWith("Dear", StringComparison.Ordinal),
            });
            return "{\"verdicts\":[" + string.Join(",", texts.Select(t => $"{{\"ref\":\"{t.r}\",\"prediction\":\"{(t.synthetic ? "synthetic" : "real")}\"}}")) + "]}";
        });

        var run = await Contexts.RunCriticsAsync(model.Client, Samples(4), new RealismDiscriminator(Schema, Real));

        var metrics = run.MetricHistory[0].Metrics;
        metrics[RealismDiscriminator.AccuracyMetric].Value.ShouldBe(2 / 8.0);
        metrics[RealismDiscriminator.MissingVerdictsMetric].Value.ShouldBe(6);
    }

    [Fact]
    public async Task Defect02_MalformedReply_IsNotMeasuredRatherThanZero()
    {
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.realism_discriminator", _ => "real, synthetic, real");

        var run = await Contexts.RunCriticsAsync(model.Client, Samples(4), new RealismDiscriminator(Schema, Real));

        var accuracy = run.MetricHistory[0].Metrics[RealismDiscriminator.AccuracyMetric];
        accuracy.IsMeasured.ShouldBeFalse();
        run.MetricHistory[0].Critiques.Single().Error.ShouldNotBeNull();
    }

    [Fact]
    public async Task Defect03_RealTextsCalledSynthetic_AreNeverReportedAsArtifacts()
    {
        // The judge calls everything synthetic: real texts are misjudged, but only the synthetic ones are artifacts.
        var model = new FakeSynSmithModel { JudgeSaysSynthetic = _ => true };

        var run = await Contexts.RunCriticsAsync(model.Client, Samples(6), new RealismDiscriminator(Schema, Real));

        var critique = run.MetricHistory[0].Critiques.Single();
        critique.Metrics[RealismDiscriminator.RealFlaggedRateMetric].Value.ShouldBe(1.0);
        var artifact = critique.Complaints.Single(c => c.Code == "realism_artifact");
        artifact.Evidence.Count.ShouldBe(6);
        artifact.Evidence.ShouldAllBe(e => e.Contains("Dear support team, synthetic", StringComparison.Ordinal));
        artifact.SampleIds.ShouldAllBe(id => id.StartsWith("i000-", StringComparison.Ordinal));
    }
}
