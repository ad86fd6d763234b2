using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Critics;

public sealed class ModeHunterTests
{
    private static readonly AttributeSchema Schema = TestData.CustomerSupportSchema();
    private static readonly RealExampleSet Real = TestData.CustomerSupportReal();

    [Fact]
    public void CheckPhrase_HandCountedCases()
    {
        var hunter = new ModeHunter(Schema, Real, new ModeHunterOptions { MinRepeats = 2 });
        string[] synthetic = ["Dear support team, my refund", "dear  SUPPORT team: app crash", "I hope this message finds you well", "the app keeps crashing"];

        hunter.CheckPhrase("Dear support team", synthetic).ShouldBeNull();
        hunter.CheckPhrase("I hope this message finds you well", synthetic)!.ShouldContain("fewer than 2");
        // "keeps crashing" appears in a real text ("app keeps crashing on android 14 ...").
        hunter.CheckPhrase("keeps crashing", ["it keeps crashing", "keeps crashing again"])!.ShouldContain("real people write it too");
        // Two words both used by several real texts: ordinary vocabulary even if this exact pair is absent from real data.
        hunter.CheckPhrase("my the", ["my the", "my the"]).ShouldBe("ordinary domain vocabulary");
    }

    [Fact]
    public async Task Defect11_RealTextsShownCoverEveryClassOfALabelSortedFile()
    {
        var schema = AttributeSchema.Load(TestData.File("banking77", "schema.yaml"));
        var real = RealExampleSet.Load(TestData.File("banking77", "splits/banking77_real_train.jsonl"), schema);
        var model = new FakeSynSmithModel();
        Sample[] samples = [new() { Id = "i000-s0000", Input = "Dear support team x", Expected = "card_arrival" }];

        await Contexts.RunCriticsAsync(model.Client, samples, new ModeHunter(schema, real, new ModeHunterOptions { RealTextsShown = 20 }));

        var shown = model.Client.CallsFor("synsmith.mode_hunter").Single().UserJson["real_texts"]!.AsArray();
        shown.Count.ShouldBe(20);
        shown.Select(t => t!["label"]!.GetValue<string>()).Distinct().Count().ShouldBe(10);
    }

    [Fact]
    public async Task Defect11_BanListPersistsForTheWholeRunBeyondFiftyEntries()
    {
        var model = new FakeSynSmithModel();
        model.Client.On("synsmith.mode_hunter", call =>
        {
            var text = call.UserJson["synthetic_texts"]![0]!.GetValue<string>();
            var phrase = text[..text.IndexOf('|', StringComparison.Ordinal)];
            return $"{{\"findings\":[{{\"phrase\":\"{phrase}\",\"kind\":\"opener\"}}]}}";
        });
        var generator = new IterationGenerator(iteration => Enumerable.Range(0, 2)
            .Select(i => new Sample { Id = SampleIds.Create(iteration, i), Input = $"zqx opener {iteration:000}| body {i}", Expected = "complaint" })
            .ToArray());

        var run = await PromptLoop.Create()
            .WithChatClient(model.Client)
            .WithGenerator(generator)
            .WithCritic(new ModeHunter(Schema, Real))
            .WithMaxIterations(55)
            .WithSamplesPerIteration(2)
            .Build()
            .RunAsync("prompt");

        var last = run.MetricHistory[^1].Critiques.Single();
        last.Metrics[ModeHunter.LibrarySizeMetric].Value.ShouldBe(55);
        var banList = last.Details!.Value.GetProperty("ban_list").EnumerateArray().Select(e => e.GetString()).ToArray();
        banList.ShouldContain("zqx opener " + run.MetricHistory[0].Iteration.ToString("000", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CritiqueAsync_CountsEarlierBansAndStillMeasuresWhenTheModelFails()
    {
        var model = new FakeSynSmithModel();
        var calls = 0;
        model.Client.On("synsmith.mode_hunter", _ => Interlocked.Increment(ref calls) == 1
            ? """{"findings":[{"phrase":"Dear support team","kind":"opener"}]}"""
            : "garbage");
        var generator = new IterationGenerator(iteration => Enumerable.Range(0, 3)
            .Select(i => new Sample { Id = SampleIds.Create(iteration, i), Input = i < 2 ? $"Dear support team, case {i}" : "hi", Expected = "complaint" })
            .ToArray());

        var builder = PromptLoop.Create().WithChatClient(model.Client).WithGenerator(generator).WithCritic(new ModeHunter(Schema, Real))
            .WithMaxIterations(2).WithSamplesPerIteration(3);
        builder.Options.MaxContentFailureShare = 1;   // iteration 2's only call is malformed: this checks the critic, not the limit
        var run = await builder.Build().RunAsync("prompt");

        run.MetricHistory[0].Metrics[ModeHunter.BannedPhrasingCountMetric].Value.ShouldBe(0);
        run.MetricHistory[0].Metrics[ModeHunter.NewBansMetric].Value.ShouldBe(1);
        var second = run.MetricHistory[1].Critiques.Single();
        second.Error.ShouldNotBeNull();
        second.Metrics[ModeHunter.BannedPhrasingCountMetric].Value.ShouldBe(2);
        second.Complaints.Single().Code.ShouldBe("banned_phrasing");
    }
}
