using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Critics;

public sealed class DiversityAuditorTests
{
    private static readonly AttributeSchema Schema = TestData.CustomerSupportSchema();
    private static readonly RealExampleSet Real = TestData.CustomerSupportReal();

    private static Sample[] FourSamples() =>
    [
        Contexts.Sample(0, "alpha", "refund_request", new Dictionary<string, string> { ["style"] = "formal" }),
        Contexts.Sample(1, "alpha again", "refund_request", new Dictionary<string, string> { ["style"] = "formal" }),
        Contexts.Sample(2, "beta", "complaint", new Dictionary<string, string> { ["style"] = "informal" }),
        Contexts.Sample(3, "gamma", "complaint", new Dictionary<string, string> { ["style"] = "informal" }),
    ];

    private static FixedEmbeddings Embeddings() => new(new Dictionary<string, float[]>
    {
        ["alpha"] = [1, 0, 0],
        ["alpha again"] = [1, 0.01f, 0],
        ["beta"] = [0, 1, 0],
        ["gamma"] = [0, 0, 1],
    });

    [Fact]
    public async Task CritiqueAsync_HandComputedFigures()
    {
        var model = new FakeSynSmithModel();

        var run = await Contexts.RunCriticsAsync(model.Client, FourSamples(), Embeddings(), new DiversityAuditor(Schema, new DiversityAuditorOptions { UseModelSummary = false }));

        var m = run.MetricHistory[0].Metrics;
        // One near-duplicate pair: both members count, 2 of 4.
        m[DiversityMetricNames.NearDuplicateRate].Value.ShouldBe(0.5);
        // style: formal x2, informal x2 over 6 allowed values: H = ln 2 / ln 6; coverage 2/6.
        m[DiversityMetricNames.Entropy("style")].Value!.Value.ShouldBe(Math.Log(2) / Math.Log(6), 1e-9);
        m[DiversityMetricNames.Coverage("style")].Value!.Value.ShouldBe(2 / 6.0, 1e-9);
        m[DiversityMetricNames.Entropy("difficulty")].Value.ShouldBe(0);
        // Vendi of {e1, ~e1, e2, e3} lies between 2 and 3 effective items.
        m[DiversityMetricNames.VendiScore].Value!.Value.ShouldBeInRange(2.5, 3.0);
        model.Client.CallsFor("synsmith.diversity_auditor").ShouldBeEmpty();
    }

    [Fact]
    public async Task Defect04_ModelGuess_NeverReplacesTheComputedRate()
    {
        // The fake model claims a near-duplicate rate of 0.9; the computed one for four orthogonal texts is 0.
        var model = new FakeSynSmithModel();
        var embeddings = new FixedEmbeddings(new Dictionary<string, float[]>
        {
            ["alpha"] = [1, 0, 0, 0], ["alpha again"] = [0, 1, 0, 0], ["beta"] = [0, 0, 1, 0], ["gamma"] = [0, 0, 0, 1],
        });

        var run = await Contexts.RunCriticsAsync(model.Client, FourSamples(), embeddings, new DiversityAuditor(Schema));

        var critique = run.MetricHistory[0].Critiques.Single();
        critique.Metrics[DiversityMetricNames.NearDuplicateRate].Value.ShouldBe(0);
        critique.Details!.Value.GetProperty("model_near_duplicate_guess").GetDouble().ShouldBe(0.9);
        critique.Complaints.ShouldContain(c => c.Code == "missing_mode" && c.Message.Contains("angry customers"));
    }

    [Fact]
    public async Task Defect13_EntropyUsesVerifiedGeneratedAttributes_NotRequestedOnes()
    {
        // Requested styles vary, but the generator declared 'formal' for all; the verifier then failed style on sample 3.
        var samples = FourSamples().Select((s, i) => new Sample
        {
            Id = s.Id,
            Input = s.Input,
            Expected = s.Expected,
            RequestedAttributes = s.RequestedAttributes,
            GeneratedAttributes = s.GeneratedAttributes.ToDictionary(kv => kv.Key, kv => kv.Key == "style" ? "formal" : kv.Value),
        }).ToArray();
        var model = new FakeSynSmithModel { FailedAuxiliary = text => text == "gamma" ? ["style"] : [] };

        var run = await Contexts.RunCriticsAsync(model.Client, samples, Embeddings(),
            new AttributeVerifier(Schema, Real), new DiversityAuditor(Schema, new DiversityAuditorOptions { UseModelSummary = false }));

        var m = run.MetricHistory[0].Metrics;
        m[DiversityMetricNames.Entropy("style")].Value.ShouldBe(0);
        m[DiversityMetricNames.Entropy("style")].SampleSize.ShouldBe(3);
        m[DiversityMetricNames.Coverage("style")].Value!.Value.ShouldBe(1 / 6.0, 1e-9);
        m[DiversityMetricNames.Entropy("intent")].SampleSize.ShouldBe(4);
    }

    [Fact]
    public async Task Defect13_LabelReadAsAnotherClass_CountsTheClassTheTextHas()
    {
        // Requested: refund_request x2, complaint x2; the verifier reads "gamma" as a general question.
        var model = new FakeSynSmithModel { ReadLabel = (text, requested) => text == "gamma" ? "general_question" : requested };

        var run = await Contexts.RunCriticsAsync(model.Client, FourSamples(), Embeddings(),
            new AttributeVerifier(Schema, Real), new DiversityAuditor(Schema, new DiversityAuditorOptions { UseModelSummary = false }));

        var m = run.MetricHistory[0].Metrics;
        m[AttributeVerifier.MatchRateMetric].Value.ShouldBe(0.75);
        m[DiversityMetricNames.Coverage("intent")].Value!.Value.ShouldBe(3 / 5.0, 1e-9);
        m[DiversityMetricNames.Coverage("intent")].SampleSize.ShouldBe(4);

        // Counts 2, 1, 1 over 5 values.
        var entropy = -((0.5 * Math.Log(0.5)) + (2 * 0.25 * Math.Log(0.25))) / Math.Log(5);
        m[DiversityMetricNames.Entropy("intent")].Value!.Value.ShouldBe(entropy, 1e-9);
    }

    [Fact]
    public async Task Defect13_VendiAndDistinctN_OnEqualSizeSubsamples()
    {
        // Orthogonal texts: the Vendi score of n of them is n, so a batch's score grew with its size in the reference.
        static async Task<IReadOnlyDictionary<string, MetricValue>> MeasureAsync(int count)
        {
            var samples = Enumerable.Range(0, count).Select(i => Contexts.Sample(i, $"w{i}", "complaint")).ToArray();
            var embeddings = new FixedEmbeddings(Enumerable.Range(0, count).ToDictionary(i => $"w{i}", i => Enumerable.Range(0, count).Select(j => i == j ? 1f : 0f).ToArray()));
            var run = await Contexts.RunCriticsAsync(new FakeSynSmithModel().Client, samples, embeddings,
                new DiversityAuditor(Schema, new DiversityAuditorOptions { UseModelSummary = false, ComparisonSubsampleSize = 6 }));
            return run.MetricHistory[0].Metrics;
        }

        var small = await MeasureAsync(6);
        var large = await MeasureAsync(12);

        small[DiversityMetricNames.VendiScore].Value!.Value.ShouldBe(6, 1e-6);
        large[DiversityMetricNames.VendiScore].Value!.Value.ShouldBe(6, 1e-6);
        large[DiversityMetricNames.VendiScore].SampleSize.ShouldBe(6);
        large[DiversityMetricNames.Distinct1].SampleSize.ShouldBe(6);
        large[DiversityMetricNames.NearDuplicateRate].SampleSize.ShouldBe(12);
    }

    [Fact]
    public async Task CritiqueAsync_MalformedModelSummary_KeepsComputedMetrics()
    {
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.diversity_auditor", _ => "no json here");

        var run = await Contexts.RunCriticsAsync(model.Client, FourSamples(), Embeddings(), new DiversityAuditor(Schema));

        var critique = run.MetricHistory[0].Critiques.Single();
        critique.Error.ShouldNotBeNull();
        critique.Metrics[DiversityMetricNames.NearDuplicateRate].Value.ShouldBe(0.5);
    }
}
