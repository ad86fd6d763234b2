using System.Text.Json.Nodes;
using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Critics;

/// <summary>Judge juries: every juror is asked the same question under its own model id; the verifier's verdicts are a
/// majority, the discriminator's accuracy is the mean of the jurors' accuracies, and the jurors' agreement is reported.</summary>
public sealed class JudgeJuryTests
{
    private static readonly AttributeSchema Schema = TestData.CustomerSupportSchema();
    private static readonly RealExampleSet Real = TestData.CustomerSupportReal();

    private static Sample[] Samples(int count) =>
        Enumerable.Range(0, count).Select(i => Contexts.Sample(i, $"text {i}", Schema.Labels[i % 5])).ToArray();

    /// <summary>A verifier reply in which <paramref name="read"/> gives the label juror <c>ModelId</c> reads for each sample.</summary>
    private static string VerifierReply(RecordedCall call, Func<string, string, string, string> read)
    {
        var verdicts = new JsonArray();
        foreach (var sample in call.UserJson["samples"]!.AsArray())
        {
            var requested = sample!["requested_attributes"]!["intent"]!.GetValue<string>();
            verdicts.Add(new JsonObject { ["ref"] = sample["ref"]!.GetValue<string>(), ["read_label"] = read(call.Options!.ModelId!, sample["text"]!.GetValue<string>(), requested), ["failed_attributes"] = new JsonArray() });
        }

        return new JsonObject { ["verdicts"] = verdicts }.ToJsonString();
    }

    [Fact]
    public async Task AttributeVerifier_ThreeJurorsTwoReadAnotherClass_TheMajorityFailsTheLabel()
    {
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.attribute_verifier", call => VerifierReply(call, (juror, text, requested) => text == "text 1" && juror != "a" ? "complaint" : requested));
        var verifier = new AttributeVerifier(Schema, Real, new AttributeVerifierOptions { Jurors = ["a", "b", "c"] });

        var run = await Contexts.RunCriticsAsync(model.Client, Samples(4), verifier);

        model.Client.CallsFor("synsmith.attribute_verifier").Select(c => c.Options!.ModelId).ShouldBe(["a", "b", "c"], ignoreOrder: true);
        var critique = run.MetricHistory[0].Critiques.Single();
        critique.Failed.ShouldBeFalse(critique.Error);
        critique.Metrics[AttributeVerifier.MatchRateMetric].Value.ShouldBe(0.75);
        critique.Verdicts.Single(v => v.SampleId == SampleIds.Create(0, 1)).Passed.ShouldBe(false);
        critique.Verdicts.Single(v => v.SampleId == SampleIds.Create(0, 1)).Reason.ShouldStartWith("jury: 2 of 3 read complaint");
        critique.Metrics[AttributeVerifier.JuryKappaMetric].IsMeasured.ShouldBeTrue();
        critique.Metrics[AttributeVerifier.JuryKappaMetric].SampleSize.ShouldBe(4);
    }

    [Fact]
    public async Task AttributeVerifier_OneJurorAlwaysReadsComplaint_KappaIsTheHandComputedValue()
    {
        // Ratings per sample: [requested, complaint]; only sample 3 (a complaint) agrees. Observed 0.25; category shares
        // 1/8, 1/8, 1/8, 5/8 give chance 0.4375; kappa (0.25 - 0.4375) / 0.5625 = -1/3.
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.attribute_verifier", call => VerifierReply(call, (juror, _, requested) => juror == "b" ? "complaint" : requested));
        var verifier = new AttributeVerifier(Schema, Real, new AttributeVerifierOptions { Jurors = ["a", "b"] });

        var run = await Contexts.RunCriticsAsync(model.Client, Samples(4), verifier);

        run.MetricHistory[0].Metrics[AttributeVerifier.JuryKappaMetric].Value!.Value.ShouldBe(-1.0 / 3, 1e-9);
    }

    [Fact]
    public async Task AttributeVerifier_OneJurorsReplyIsUnusable_TheOthersDecide()
    {
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.attribute_verifier", call => call.Options!.ModelId == "broken"
            ? "not json at all"
            : VerifierReply(call, (_, text, requested) => text == "text 2" ? "complaint" : requested));
        var verifier = new AttributeVerifier(Schema, Real, new AttributeVerifierOptions { Jurors = ["a", "broken", "c"] });

        var run = await Contexts.RunCriticsAsync(model.Client, Samples(4), verifier);

        var critique = run.MetricHistory[0].Critiques.Single();
        critique.Failed.ShouldBeFalse();
        critique.Metrics[AttributeVerifier.MatchRateMetric].Value.ShouldBe(0.75);
        critique.Metrics[AttributeVerifier.JuryKappaMetric].IsMeasured.ShouldBeFalse("no sample was rated by every juror");
    }

    [Fact]
    public async Task RealismDiscriminator_TwoJurors_AccuracyIsTheMeanOfTheJurorsAccuracies()
    {
        // Juror "a" spots every synthetic text (accuracy 1); juror "b" calls everything real (accuracy 0.5).
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.realism_discriminator", call =>
        {
            var verdicts = new JsonArray();
            foreach (var text in call.UserJson["texts"]!.AsArray())
            {
                bool synthetic = call.Options!.ModelId == "a" && text!["text"]!.GetValue<string>().StartsWith("Dear support team", StringComparison.Ordinal);
                verdicts.Add(new JsonObject { ["ref"] = text!["ref"]!.GetValue<string>(), ["prediction"] = synthetic ? "synthetic" : "real", ["confidence"] = 0.9, ["reason"] = "r" });
            }

            return new JsonObject { ["verdicts"] = verdicts }.ToJsonString();
        });
        Sample[] samples = Enumerable.Range(0, 8).Select(i => Contexts.Sample(i, $"Dear support team, synthetic {i}", Schema.Labels[i % 5])).ToArray();
        var discriminator = new RealismDiscriminator(Schema, Real, new RealismDiscriminatorOptions { Jurors = ["a", "b"] });

        var run = await Contexts.RunCriticsAsync(model.Client, samples, discriminator);

        var metrics = run.MetricHistory[0].Metrics;
        metrics[RealismDiscriminator.AccuracyMetric].Value.ShouldBe(0.75);
        metrics[RealismDiscriminator.JuryKappaMetric].IsMeasured.ShouldBeTrue();
        metrics[RealismDiscriminator.JuryKappaMetric].Value!.Value.ShouldBeLessThan(0.5, "the jurors disagree on every synthetic text");
    }

    [Fact]
    public async Task PackDiscriminator_JurorsRightAndWrong_AccuracyIsTheMeanAndPatternsComeFromTheMajority()
    {
        // Juror "a" always finds the synthetic pack (accuracy 1), "b" always names the other (accuracy 0), "c" like "a":
        // mean accuracy 2/3; the majority pick is right, so the patterns named by a and c are complaints, b's are not.
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.pack_discriminator", call =>
        {
            var answers = new JsonArray();
            foreach (var comparison in call.UserJson["comparisons"]!.AsArray())
            {
                bool syntheticIsA = comparison!["A"]![0]!.GetValue<string>().StartsWith("Dear support team", StringComparison.Ordinal);
                bool right = call.Options!.ModelId != "b";
                string pick = syntheticIsA == right ? "A" : "B";
                answers.Add(new JsonObject { ["ref"] = comparison["ref"]!.GetValue<string>(), ["synthetic_pack"] = pick, ["shared_patterns"] = new JsonArray(right ? "same opener" : "wrong pattern") });
            }

            return new JsonObject { ["comparisons"] = answers }.ToJsonString();
        });
        Sample[] samples = Enumerable.Range(0, 16).Select(i => Contexts.Sample(i, $"Dear support team, synthetic {i}", Schema.Labels[i % 5])).ToArray();

        var run = await Contexts.RunCriticsAsync(model.Client, samples, new PackDiscriminator(Schema, Real, new PackDiscriminatorOptions { Jurors = ["a", "b", "c"] }));

        var critique = run.MetricHistory[0].Critiques.Single();
        critique.Metrics[PackDiscriminator.AccuracyMetric].Value!.Value.ShouldBe(2.0 / 3, 1e-9);
        critique.Complaints.Select(c => c.Message).ShouldAllBe(m => m.Contains("same opener"));
        critique.Metrics[PackDiscriminator.JuryKappaMetric].IsMeasured.ShouldBeTrue();
    }

    [Fact]
    public async Task ModeHunter_ThreeJurors_KeepsThePhrasesMostJurorsNameAndReportsAgreement()
    {
        // "dear support team" is named by all three, "i hope this helps" by a and b, "kind regards" by c alone.
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.mode_hunter", call =>
        {
            string[] phrases = call.Options!.ModelId switch
            {
                "a" => ["Dear support team", "I hope this helps"],
                "b" => ["dear support team", "I hope this helps"],
                _ => ["Dear support team", "Kind regards"],
            };
            return new JsonObject { ["findings"] = new JsonArray(phrases.Select(p => (JsonNode)new JsonObject { ["phrase"] = p, ["kind"] = "opener", ["reason"] = "stock" }).ToArray()) }.ToJsonString();
        });
        Sample[] samples = Enumerable.Range(0, 6).Select(i => Contexts.Sample(i, $"Dear support team, I hope this helps with order {i}. Kind regards", Schema.Labels[i % 5])).ToArray();

        var run = await Contexts.RunCriticsAsync(model.Client, samples, new ModeHunter(Schema, Real, new ModeHunterOptions { Jurors = ["a", "b", "c"] }));

        model.Client.CallsFor("synsmith.mode_hunter").Select(c => c.Options!.ModelId).ShouldBe(["a", "b", "c"], ignoreOrder: true);
        var critique = run.MetricHistory[0].Critiques.Single();
        var findings = critique.Details!.Value.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("phrase").GetString()!.ToLowerInvariant()).ToArray();
        findings.ShouldBe(["dear support team", "i hope this helps"], ignoreOrder: true);
        // Three phrases rated named / not named by three jurors: [n,n,n], [n,n,-], [-,-,n]. Observed agreement (1 + 1/3 + 1/3) / 3
        // = 5/9; "named" share 6/9, chance 4/9 + 1/9 = 5/9; kappa 0.
        critique.Metrics[ModeHunter.JuryKappaMetric].Value!.Value.ShouldBe(0, 1e-9);
    }

    [Fact]
    public async Task DiversityAuditor_TwoJurors_MergesTheirModesWithoutRepeats()
    {
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.diversity_auditor", call => new JsonObject
        {
            ["summary"] = "summary " + call.Options!.ModelId,
            ["missing_modes"] = call.Options.ModelId == "a" ? new JsonArray("rare refunds", "angry tone") : new JsonArray("Rare refunds", "voice-to-text typos"),
            ["overrepresented_modes"] = new JsonArray(),
            ["recommendations"] = new JsonArray("vary openers"),
        }.ToJsonString());

        var run = await Contexts.RunCriticsAsync(model.Client, Samples(6), new DiversityAuditor(Schema, new DiversityAuditorOptions { Jurors = ["a", "b"] }));

        model.Client.CallsFor("synsmith.diversity_auditor").Count.ShouldBe(2);
        var critique = run.MetricHistory[0].Critiques.Single();
        critique.Complaints.Where(c => c.Code == "missing_mode").Select(c => c.Message)
            .ShouldBe(["missing mode: rare refunds", "missing mode: angry tone", "missing mode: voice-to-text typos"]);
        critique.Complaints.Count(c => c.Code == "diversity_recommendation").ShouldBe(1);
        critique.Details!.Value.GetProperty("model_summary").GetString().ShouldBe("a: summary a | b: summary b");
    }

    [Fact]
    public void AttributeVerifierOptions_TenJurors_IsRejected()
    {
        Should.Throw<ArgumentException>(() => new AttributeVerifier(Schema, Real, new AttributeVerifierOptions { Jurors = [.. Enumerable.Range(0, 10).Select(i => $"m{i}")] }));
    }
}
