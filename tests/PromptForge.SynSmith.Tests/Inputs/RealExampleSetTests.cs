namespace PromptForge.SynSmith.Tests.Inputs;

public sealed class RealExampleSetTests
{
    public static TheoryData<string, string, string, int> ReferenceFiles => new()
    {
        { "customer_support", "schema.yaml", "real_examples.jsonl", 40 },
        { "customer_support", "schema.yaml", "splits/real_train.jsonl", 30 },
        { "customer_support", "schema.yaml", "splits/real_test.jsonl", 10 },
        { "customer_support", "schema.yaml", "splits/real_test_paraphrased.jsonl", 20 },
        { "banking77", "schema.yaml", "splits/banking77_real_train.jsonl", 300 },
        { "banking77", "schema.yaml", "splits/banking77_real_test.jsonl", 400 },
        { "sst2", "schema.yaml", "real_examples.jsonl", 60 },
        { "sst2", "schema.yaml", "splits/sst2_real_train.jsonl", 60 },
        { "sst2", "schema.yaml", "splits/sst2_real_test.jsonl", 872 },
        { "trec", "schema.yaml", "real_examples.jsonl", 60 },
        { "trec", "schema_topic.yaml", "splits/trec_real_train.jsonl", 60 },
        { "trec", "schema.yaml", "splits/trec_real_test.jsonl", 89 },
    };

    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public void Load_ReferenceFile_LoadsUnchanged(string dataset, string schemaFile, string file, int rows)
    {
        var schema = AttributeSchema.Load(TestData.File(dataset, schemaFile));

        var set = RealExampleSet.Load(TestData.File(dataset, file), schema);

        set.Count.ShouldBe(rows);
        set.All(e => schema.Labels.Contains(e.Label)).ShouldBeTrue();
    }

    [Fact]
    public void Load_CustomerSupport_GroupsByLabelAndKeepsMetadata()
    {
        var set = TestData.CustomerSupportReal();

        set.ByLabel["refund_request"].Count.ShouldBe(8);
        set.LabelsPresent.Count.ShouldBe(5);
        set[0].Metadata["source"].GetString().ShouldBe("email");
        set[0].Line.ShouldBe(1);
    }

    [Fact]
    public void Load_ParaphrasedSplit_KeepsExtraFieldsAsMetadata()
    {
        var set = RealExampleSet.Load(TestData.File("customer_support", "splits/real_test_paraphrased.jsonl"), TestData.CustomerSupportSchema());

        set[0].Metadata["_pivot"].GetString().ShouldBe("de");
    }

    [Fact]
    public void Parse_LabelNotInSchema_NamesTheLine()
    {
        const string jsonl = "{\"text\":\"refund me\",\"label\":\"refund_request\"}\n\n{\"text\":\"hello\",\"label\":\"greeting\"}\n";

        var ex = Should.Throw<SynSmithInputException>(() => RealExampleSet.Parse(jsonl, TestData.CustomerSupportSchema(), "r.jsonl"));

        var problem = ex.Problems.ShouldHaveSingleItem();
        problem.Line.ShouldBe(3);
        problem.Field.ShouldBe("label");
        problem.Message.ShouldContain("'greeting'");
    }

    [Fact]
    public void Parse_MalformedRows_AreAllReported()
    {
        const string jsonl = "{\"text\":\"x\"}\nnot json\n{\"label\":\"complaint\"}\n[1]\n";

        var ex = Should.Throw<SynSmithInputException>(() => RealExampleSet.Parse(jsonl, TestData.CustomerSupportSchema(), "r.jsonl"));

        ex.Problems.Select(p => p.Line).ShouldBe([1, 2, 3, 4]);
    }

    [Fact]
    public void Defect01_EmptyRealSet_FailsFast()
    {
        // The reference ran with an empty real set (a split bug) and every critic silently measured nothing.
        var ex = Should.Throw<SynSmithInputException>(() => RealExampleSet.Parse("\n\n", TestData.CustomerSupportSchema(), "empty.jsonl"));

        ex.Problems.ShouldHaveSingleItem().Message.ShouldContain("real example set is empty");
        Should.Throw<SynSmithInputException>(() => RealExampleSet.Create([], TestData.CustomerSupportSchema()));
    }

    [Fact]
    public void Defect01_LabelsNotMatchingSchema_FailFast()
    {
        var banking = AttributeSchema.Load(TestData.File("banking77", "schema.yaml"));

        var ex = Should.Throw<SynSmithInputException>(() => RealExampleSet.Load(TestData.File("customer_support", "real_examples.jsonl"), banking));

        // 40 rows with foreign labels: the first 20 listed, the rest counted.
        ex.Problems.Count.ShouldBe(20);
        ex.UnlistedProblemCount.ShouldBe(20);
    }
}
