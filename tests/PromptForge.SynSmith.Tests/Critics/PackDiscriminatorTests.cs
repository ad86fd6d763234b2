using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Critics;

public sealed class PackDiscriminatorTests
{
    private static readonly AttributeSchema Schema = TestData.CustomerSupportSchema();
    private static readonly RealExampleSet Real = TestData.CustomerSupportReal();

    private static Sample[] Samples(int count) =>
        Enumerable.Range(0, count).Select(i => Contexts.Sample(i, $"Dear support team, synthetic {i}", Schema.Labels[i % 5])).ToArray();

    [Fact]
    public async Task CritiqueAsync_EightComparisonsFourPerCall_TwoCallsAndAccuracy()
    {
        var model = new FakeSynSmithModel();

        var run = await Contexts.RunCriticsAsync(model.Client, Samples(16), new PackDiscriminator(Schema, Real));

        var calls = model.Client.CallsFor("synsmith.pack_discriminator");
        calls.Count.ShouldBe(2);
        calls.ShouldAllBe(c => c.UserJson["comparisons"]!.AsArray().Count == 4);
        calls.ShouldAllBe(c => c.UserJson["comparisons"]![0]!["A"]!.AsArray().Count == 4);
        var critique = run.MetricHistory[0].Critiques.Single();
        critique.Metrics[PackDiscriminator.AccuracyMetric].Value.ShouldBe(1.0);
        critique.Complaints.Single().Code.ShouldBe("pack_pattern");
    }

    [Fact]
    public async Task CritiqueAsync_JudgeRightOnThreeOfEight_AccuracyIsThreeEighthsOnEitherSide()
    {
        // The judge finds the synthetic pack (its texts start with "Dear") in exactly 3 of the 8 comparisons and
        // names the other pack in the rest, so the accuracy is 3/8 whichever side the shuffle put each pack on.
        var model = new FakeSynSmithModel();
        int answered = 0;
        var syntheticSides = new List<string>();
        model.Client.On("synsmith.pack_discriminator", call =>
        {
            var comparisons = call.UserJson["comparisons"]!.AsArray();
            var answers = new List<string>();
            foreach (var comparison in comparisons)
            {
                string syntheticSide = comparison!["A"]![0]!.GetValue<string>().StartsWith("Dear", StringComparison.Ordinal) ? "A" : "B";
                string answer;
                lock (syntheticSides)
                {
                    syntheticSides.Add(syntheticSide);
                    answer = answered++ < 3 ? syntheticSide : (syntheticSide == "A" ? "B" : "A");
                }

                answers.Add($"{{\"ref\":\"{comparison["ref"]}\",\"synthetic_pack\":\"{answer}\"}}");
            }

            return "{\"comparisons\":[" + string.Join(",", answers) + "]}";
        });

        var run = await Contexts.RunCriticsAsync(model.Client, Samples(16), new PackDiscriminator(Schema, Real));

        syntheticSides.Count.ShouldBe(8);
        syntheticSides.ShouldContain("A");
        syntheticSides.ShouldContain("B");      // the shuffle puts the synthetic pack on both sides
        run.MetricHistory[0].Metrics[PackDiscriminator.AccuracyMetric].Value.ShouldBe(3 / 8.0);
    }

    [Fact]
    public async Task CritiqueAsync_MalformedReply_FailsWithNotMeasured()
    {
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.pack_discriminator", _ => "{\"comparisons\": 3}");

        var run = await Contexts.RunCriticsAsync(model.Client, Samples(8), new PackDiscriminator(Schema, Real));

        run.MetricHistory[0].Metrics[PackDiscriminator.AccuracyMetric].IsMeasured.ShouldBeFalse();
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingEveryProblem()
    {
        var ex = Should.Throw<ArgumentException>(() => new PackDiscriminator(Schema, Real, new PackDiscriminatorOptions { PackSize = 0, ComparisonsPerCall = 0 }));

        ex.Message.ShouldContain("PackSize");
        ex.Message.ShouldContain("ComparisonsPerCall");
        ex.ParamName.ShouldBe("options");
    }
}
