namespace PromptForge.SynSmith.Tests.Inputs;

public sealed class AttributeSchemaTests
{
    public static TheoryData<string, string> ReferenceSchemas => new()
    {
        { "customer_support", "schema.yaml" },
        { "banking77", "schema.yaml" },
        { "sst2", "schema.yaml" },
        { "trec", "schema.yaml" },
        { "trec", "schema_topic.yaml" },
    };

    [Theory]
    [MemberData(nameof(ReferenceSchemas))]
    public void Load_ReferenceSchema_LoadsUnchanged(string dataset, string file)
    {
        var schema = AttributeSchema.Load(TestData.File(dataset, file));

        schema.LabelAttribute.ShouldBe("intent");
        schema.Labels.Count.ShouldBeGreaterThan(1);
        schema.TaskDescription.ShouldNotBeEmpty();
        schema.AttributeNames[0].ShouldBe("intent");
    }

    [Fact]
    public void Load_CustomerSupport_ReadsAttributesInOrderAndInvalidCombinations()
    {
        var schema = TestData.CustomerSupportSchema();

        schema.AttributeNames.ShouldBe(["intent", "difficulty", "ambiguity", "style", "noise", "scenario_type"]);
        schema.Labels.ShouldBe(["refund_request", "technical_problem", "account_issue", "complaint", "general_question"]);
        schema.InvalidCombinations.Count.ShouldBe(2);
        schema.InvalidCombinations[1]["style"].ShouldBe("concise");
        schema.Domain.ShouldBe("customer_support");
    }

    [Fact]
    public void Parse_UnknownKey_NamesFileLineAndField()
    {
        const string yaml = "label_attribute: intent\nattributes:\n  intent: [a, b]\nlabel_atribute: typo\n";

        var ex = Should.Throw<SynSmithInputException>(() => AttributeSchema.Parse(yaml, "s.yaml"));

        var problem = ex.Problems.ShouldHaveSingleItem();
        problem.File.ShouldBe("s.yaml");
        problem.Line.ShouldBe(4);
        problem.Field.ShouldBe("label_atribute");
        problem.Message.ShouldContain("unknown key");
    }

    [Fact]
    public void Parse_EmptyAttributeMap_IsRejected()
    {
        var ex = Should.Throw<SynSmithInputException>(() => AttributeSchema.Parse("label_attribute: intent\nattributes: {}\n", "s.yaml"));

        ex.Problems.ShouldContain(p => p.Field == "attributes" && p.Message.Contains("empty") && p.Line == 2);
    }

    [Fact]
    public void Parse_AttributeWithoutValues_IsRejectedWithItsLine()
    {
        const string yaml = "label_attribute: intent\nattributes:\n  intent: [a, b]\n  style:\n";

        var ex = Should.Throw<SynSmithInputException>(() => AttributeSchema.Parse(yaml, "s.yaml"));

        ex.Problems.ShouldContain(p => p.Field == "attributes.style" && p.Line == 4 && p.Message.Contains("no values"));
    }

    [Fact]
    public void Parse_DuplicateValue_IsRejectedWithTheValueLine()
    {
        const string yaml = "label_attribute: intent\nattributes:\n  intent:\n    - a\n    - b\n    - a\n";

        var ex = Should.Throw<SynSmithInputException>(() => AttributeSchema.Parse(yaml, "s.yaml"));

        ex.Problems.ShouldContain(p => p.Field == "attributes.intent" && p.Line == 6 && p.Message.Contains("duplicate value 'a'"));
    }

    [Fact]
    public void Parse_LabelAttributeNotInSchema_IsRejected()
    {
        const string yaml = "label_attribute: label\nattributes:\n  intent: [a, b]\n";

        var ex = Should.Throw<SynSmithInputException>(() => AttributeSchema.Parse(yaml, "s.yaml"));

        ex.Problems.ShouldContain(p => p.Field == "label_attribute" && p.Line == 1 && p.Message.Contains("'label' is not one of the attributes"));
    }

    [Fact]
    public void Parse_SeveralProblems_AreAllReportedTogether()
    {
        const string yaml = "label_attribute: label\nattributes:\n  intent: [a, a]\n  style: []\nextra: 1\n";

        var ex = Should.Throw<SynSmithInputException>(() => AttributeSchema.Parse(yaml, "s.yaml"));

        ex.Problems.Select(p => p.Field).ShouldBe(["extra", "attributes.intent", "attributes.style", "label_attribute"], ignoreOrder: true);
    }

    [Fact]
    public void Parse_InvalidCombinationWithUnknownValue_IsRejected()
    {
        const string yaml = "label_attribute: intent\nattributes:\n  intent: [a, b]\ninvalid_combinations:\n  - intent: c\n";

        var ex = Should.Throw<SynSmithInputException>(() => AttributeSchema.Parse(yaml, "s.yaml"));

        ex.Problems.ShouldContain(p => p.Field == "invalid_combinations[0].intent" && p.Line == 5);
    }

    [Fact]
    public void Parse_SyntaxError_ReportsLine()
    {
        var ex = Should.Throw<SynSmithInputException>(() => AttributeSchema.Parse("label_attribute: intent\nattributes: [a\n", "s.yaml"));

        ex.Problems.ShouldHaveSingleItem().Message.ShouldStartWith("invalid YAML");
    }

    [Fact]
    public void IsValid_VectorMatchingInvalidCombination_IsFalse()
    {
        var schema = TestData.CustomerSupportSchema();

        schema.IsValid(new Dictionary<string, string> { ["difficulty"] = "easy", ["ambiguity"] = "high" }).ShouldBeFalse();
        schema.IsValid(new Dictionary<string, string> { ["difficulty"] = "easy", ["ambiguity"] = "low" }).ShouldBeTrue();
        schema.IsValid(new Dictionary<string, string> { ["difficulty"] = "trivial" }).ShouldBeFalse();
    }
}
