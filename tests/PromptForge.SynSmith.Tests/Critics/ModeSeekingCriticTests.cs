using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Critics;

public sealed class ModeSeekingCriticTests
{
    private static readonly AttributeSchema Schema = TestData.CustomerSupportSchema();
    private static readonly RealExampleSet Real = TestData.CustomerSupportReal();

    [Fact]
    public async Task CritiqueAsync_TwoOrthogonalTextsDifferingInOneOfSixAttributes_RatioIsSix()
    {
        // Text distance 1 - cos = 1; Hamming 1 of 6 attributes, normalized 1/6: ratio 1 / (1/6) = 6.
        Sample[] samples =
        [
            Contexts.Sample(0, "a", "complaint", new Dictionary<string, string> { ["style"] = "formal" }),
            Contexts.Sample(1, "b", "complaint", new Dictionary<string, string> { ["style"] = "informal" }),
        ];
        var embeddings = new FixedEmbeddings(new Dictionary<string, float[]> { ["a"] = [1, 0], ["b"] = [0, 1] }, fallback: [1, 1]);

        var run = await Contexts.RunCriticsAsync(new FakeSynSmithModel().Client, samples, embeddings, new ModeSeekingCritic(Schema, Real));

        var m = run.MetricHistory[0].Metrics;
        m[ModeSeekingCritic.RatioMetric].Value!.Value.ShouldBe(6, 1e-6);
        m[ModeSeekingCritic.Sensitivity("style")].Value!.Value.ShouldBe(1, 1e-6);
        m[ModeSeekingCritic.LabelRatioMetric].IsMeasured.ShouldBeFalse();
        m[ModeSeekingCritic.RealRatioMetric].SampleSize.ShouldBe(2);
    }

    [Fact]
    public async Task Defect13_RatioScaleDoesNotDependOnTheNumberOfAttributes()
    {
        // The same two texts differing in EVERY attribute: 2 attributes or 6, the normalized ratio is 1 (the reference's raw ratio: 1/2 vs 1/6).
        var small = AttributeSchema.Parse("label_attribute: intent\nattributes:\n  intent: [refund_request, complaint]\n  style: [formal, informal]\n", "small.yaml");
        var smallReal = RealExampleSet.Create([new RealExample("r1", "complaint"), new RealExample("r2", "refund_request")], small);
        var embeddings = new FixedEmbeddings(new Dictionary<string, float[]> { ["a"] = [1, 0], ["b"] = [0, 1] }, fallback: [1, 1]);
        Sample[] six =
        [
            Contexts.Sample(0, "a", "complaint"),
            Contexts.Sample(1, "b", "refund_request", new Dictionary<string, string> { ["difficulty"] = "hard", ["ambiguity"] = "high", ["style"] = "formal", ["noise"] = "typos", ["scenario_type"] = "rare" }),
        ];
        Sample[] two =
        [
            new() { Id = "i000-s0000", Input = "a", Expected = "complaint", GeneratedAttributes = new Dictionary<string, string> { ["intent"] = "complaint", ["style"] = "formal" } },
            new() { Id = "i000-s0001", Input = "b", Expected = "refund_request", GeneratedAttributes = new Dictionary<string, string> { ["intent"] = "refund_request", ["style"] = "informal" } },
        ];

        var runSix = await Contexts.RunCriticsAsync(new FakeSynSmithModel().Client, six, embeddings, new ModeSeekingCritic(Schema, Real));
        var runTwo = await Contexts.RunCriticsAsync(new FakeSynSmithModel().Client, two, embeddings, new ModeSeekingCritic(small, smallReal));

        runSix.MetricHistory[0].Metrics[ModeSeekingCritic.RatioMetric].Value!.Value.ShouldBe(1, 1e-6);
        runTwo.MetricHistory[0].Metrics[ModeSeekingCritic.RatioMetric].Value!.Value.ShouldBe(1, 1e-6);
    }

    [Fact]
    public async Task CritiqueAsync_TextsIgnoringAnAttribute_ComplainsAttributeDeaf()
    {
        // Texts depend on intent only: style changes nothing.
        var samples = new List<Sample>();
        var vectors = new Dictionary<string, float[]>();
        var index = 0;
        foreach (var intent in new[] { "complaint", "refund_request" })
        {
            foreach (var style in new[] { "formal", "informal", "concise" })
            {
                var text = $"{intent} {style}";
                vectors[text] = intent == "complaint" ? [1, 0] : [0, 1];
                samples.Add(Contexts.Sample(index++, text, intent, new Dictionary<string, string> { ["style"] = style }));
            }
        }

        var run = await Contexts.RunCriticsAsync(new FakeSynSmithModel().Client, samples, new FixedEmbeddings(vectors, fallback: [1, 1]), new ModeSeekingCritic(Schema, Real));

        var critique = run.MetricHistory[0].Critiques.Single();
        critique.Metrics[ModeSeekingCritic.Sensitivity("style")].Value.ShouldBe(0);
        critique.Complaints.ShouldContain(c => c.Code == "attribute_deaf" && c.Message.Contains("only style", StringComparison.Ordinal));
    }
}
