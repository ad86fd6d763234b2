using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Export;

public sealed class SynSmithDatasetExporterTests
{
    private static readonly AttributeSchema Schema = TestData.CustomerSupportSchema();

    private static async Task<RunResult> RunWithDuplicatesAndFailures()
    {
        // Texts repeat per label (duplicates), complaints are read as another class (verifier failures), style fails on refunds.
        var model = new FakeSynSmithModel
        {
            WriteText = (target, _) => $"about {target["intent"]}",
            ReadLabel = (text, requested) => requested == "complaint" ? "general_question" : requested,
            FailedAuxiliary = text => text.Contains("refund", StringComparison.Ordinal) ? ["style"] : [],
        };
        model.Client.On("synsmith.generator", call =>
        {
            var targets = call.UserJson["targets"]!.AsArray();
            return "{\"samples\":[" + string.Join(",", targets.Select(t => $"{{\"ref\":\"{t!["ref"]}\",\"text\":\"about {t["attributes"]!["intent"]}, \\\"quoted\\\", with comma\",\"attributes\":{t["attributes"]!.ToJsonString()}}}")) + "]}";
        });
        return await SynSmithRuns.RunAsync(model.Client, o => o.Condition = SynSmithCondition.FullClassic, iterations: 2, samples: 10);
    }

    [Fact]
    public async Task Collect_KeepsVerifiedOnly_DeDuplicated_WithoutFailedAttributes()
    {
        var run = await RunWithDuplicatesAndFailures();

        var exported = SynSmithDatasetExporter.Collect(run, Schema);

        exported.ShouldNotBeEmpty();
        exported.ShouldAllBe(s => s.Verified && s.Label != "complaint");
        exported.Select(s => s.Text).Distinct().Count().ShouldBe(exported.Count);
        exported.Count.ShouldBe(4);
        exported.Single(s => s.Label == "refund_request").Attributes.ContainsKey("style").ShouldBeFalse();
        exported[0].Verdicts[SynSmithCriticNames.AttributeVerifier].ShouldBe(true);
    }

    [Fact]
    public async Task Collect_FailedValueWithAReading_ExportsWhatTheTextHas()
    {
        // Every refund text fails style; the verifier reads the opposite of the requested formality.
        var model = new FakeSynSmithModel
        {
            FailedAuxiliary = text => text.Contains("refund", StringComparison.Ordinal) ? ["style"] : [],
            ReadAttributes = (text, requested) => new Dictionary<string, string> { ["style"] = requested["style"]!.GetValue<string>() == "formal" ? "informal" : "formal" },
        };
        var run = await SynSmithRuns.RunAsync(model.Client, o => o.Condition = SynSmithCondition.FullClassic, iterations: 1, samples: 10);

        var exported = SynSmithDatasetExporter.Collect(run, Schema);

        var refunds = exported.Where(s => s.Label == "refund_request").ToArray();
        refunds.ShouldNotBeEmpty();
        foreach (var refund in refunds)
        {
            var requested = run.Samples.Single(s => s.Id == refund.Id).RequestedAttributes["style"];
            refund.Attributes["style"].ShouldBe(requested == "formal" ? "informal" : "formal");
        }
    }

    [Fact]
    public async Task ToJsonlAndToCsv_CarryAttributesAndProvenance()
    {
        var run = await RunWithDuplicatesAndFailures();
        var exported = SynSmithDatasetExporter.Collect(run, Schema);

        var jsonl = SynSmithDatasetExporter.ToJsonl(exported).TrimEnd('\n').Split('\n');
        var csv = SynSmithDatasetExporter.ToCsv(exported, Schema).TrimEnd('\r', '\n').Split("\r\n");

        jsonl.Length.ShouldBe(exported.Count);
        var first = System.Text.Json.Nodes.JsonNode.Parse(jsonl[0])!;
        first["id"]!.GetValue<string>().ShouldBe(exported[0].Id);
        first["prompt_version"]!.GetValue<int>().ShouldBe(exported[0].PromptVersion);
        first["verdicts"]!["attribute_verifier"]!.GetValue<bool>().ShouldBeTrue();
        csv[0].ShouldBe("id,text,label,intent,difficulty,ambiguity,style,noise,scenario_type,iteration,prompt_version,verified,verdicts");
        csv.Length.ShouldBe(exported.Count + 1);
        csv[1].ShouldContain("\"about ");
        csv[1].ShouldContain("\"\"quoted\"\"");
    }

    [Fact]
    public async Task Defect10_Downstream_MacroF1OverTheTestSetsLabelsOnly()
    {
        var run = await SynSmithRuns.RunAsync(new FakeSynSmithModel().Client, iterations: 1, samples: 10);
        var exported = SynSmithDatasetExporter.Collect(run, Schema);
        var train = RealExampleSet.Load(TestData.File("customer_support", "splits/real_train.jsonl"), Schema);
        var fullTest = RealExampleSet.Load(TestData.File("customer_support", "splits/real_test.jsonl"), Schema);

        // A test split holding only two of the five classes.
        var test = RealExampleSet.Create(fullTest.Where(e => e.Label is "refund_request" or "complaint"), Schema);
        var result = await SynSmithDownstream.EvaluateAsync(exported, train, test, new HashedNGramEmbeddingGenerator());

        var report = result[PromptForge.Evaluation.DownstreamEvaluation.SyntheticOnly]!.Report;
        report.PerClassF1.Keys.ShouldBe(["complaint", "refund_request"], ignoreOrder: true);
        report.MacroF1.Value!.Value.ShouldBe(report.PerClassF1.Values.Average(v => v.Value!.Value), 1e-9);
        report.WorstClassF1.Value!.Value.ShouldBe(report.PerClassF1.Values.Min(v => v.Value!.Value), 1e-9);
        result[PromptForge.Evaluation.DownstreamEvaluation.RealPlusSynthetic]!.TrainSize.ShouldBe(exported.Count + train.Count);
    }
}
