using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PromptForge.Simulation.Tests;

public sealed class SimulatedJsonSchemaGeneratorTests
{
    private static readonly JsonSerializerOptions s_options = SimulationTestJsonContext.Default.Options;

    public static TheoryData<string> HandWrittenSchemas =>
    [
        """{"type":"object","properties":{"label":{"type":"string","enum":["positive","negative"]},"confidence":{"type":"number","minimum":0,"maximum":1}},"required":["label","confidence"],"additionalProperties":false}""",
        """{"type":"object","properties":{"level":{"type":"integer","minimum":3,"maximum":5},"ratio":{"type":"number","exclusiveMinimum":0.5,"exclusiveMaximum":0.6},"steps":{"type":"integer","exclusiveMaximum":-100}},"required":["level","ratio","steps"]}""",
        """{"type":"array","items":{"type":"string","minLength":30,"maxLength":40},"minItems":5,"maxItems":6}""",
        """{"type":"array","items":{"type":"integer","enum":[1,2,3]},"minItems":2,"maxItems":3,"uniqueItems":true}""",
        """{"type":"object","properties":{"kind":{"const":"verdict"},"note":{"type":["string","null"]},"tags":{"type":"array","items":{"type":"string"},"maxItems":0}},"required":["kind","note","tags"]}""",
        """{"type":"object","properties":{"choice":{"anyOf":[{"type":"null"},{"type":"object","properties":{"id":{"type":"string","pattern":"^[a-z]+$"}},"required":["id"]}]}},"required":["choice"]}""",
        """{"type":"object","properties":{"when":{"type":"string","format":"date-time"},"count":{"type":["string","integer"],"pattern":"^-?(?:0|[1-9]\\d*)$"},"duration":{"type":"string","pattern":"^-?(\\d+\\.)?\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,7})?$"}},"required":["when","count","duration"]}""",
        """{"$defs":{"node":{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}},"required":["name","children"]}},"$ref":"#/$defs/node"}""",
        """{"type":"object","additionalProperties":{"type":"integer","minimum":10,"maximum":12}}""",
        """{"type":"object","properties":{"mode":{"oneOf":[{"type":"string","enum":["fast"]},{"type":"integer"}]},"all":{"allOf":[{"type":"boolean"}]}},"required":["mode","all"]}""",
    ];

    [Theory]
    [MemberData(nameof(HandWrittenSchemas))]
    public void Generate_HandWrittenSchema_ProducesValidJsonForManySeeds(string schemaText)
    {
        using JsonDocument schema = JsonDocument.Parse(schemaText);
        for (int seed = 0; seed < 25; seed++)
        {
            string json = SimulatedJsonSchemaGenerator.Generate(schema.RootElement, new Random(seed), ["refund", "card", "payment", "branch"]);

            using JsonDocument instance = JsonDocument.Parse(json);
            JsonSchemaTestValidator.Validate(schema.RootElement, instance.RootElement).ShouldBeEmpty($"seed {seed}: {json}");
        }
    }

    [Fact]
    public void Generate_SourceGeneratedTypeSchema_DeserializesWithRequiredAndNullabilityRespected()
    {
        JsonElement schema = ((ChatResponseFormatJson)ChatResponseFormat.ForJsonSchema(typeof(CritiqueReport), s_options)).Schema!.Value;
        for (int seed = 0; seed < 25; seed++)
        {
            var request = new SimulatedRoleRequest("test.critic", [new ChatMessage(ChatRole.User, "Judge samples about lost cards and refunds")], schema, seed);

            string json = SimulatedJsonSchemaGenerator.Generate(schema, request);

            using JsonDocument instance = JsonDocument.Parse(json);
            JsonSchemaTestValidator.Validate(schema, instance.RootElement).ShouldBeEmpty(json);
            CritiqueReport report = JsonSerializer.Deserialize(json, SimulationTestJsonContext.Default.CritiqueReport).ShouldNotBeNull();
            report.Verdicts.Count.ShouldBeInRange(1, 3);
            report.Verdicts.ShouldAllBe(v => Enum.IsDefined(v.Severity));
            report.Summary.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void Generate_RecursiveSourceGeneratedType_Terminates()
    {
        JsonElement schema = ((ChatResponseFormatJson)ChatResponseFormat.ForJsonSchema(typeof(TreeNode), s_options)).Schema!.Value;

        string json = SimulatedJsonSchemaGenerator.Generate(schema, new Random(3), ["root", "leaf"]);

        JsonSerializer.Deserialize(json, SimulationTestJsonContext.Default.TreeNode).ShouldNotBeNull().Name.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Generate_StringContent_ComesFromRequestWords()
    {
        using JsonDocument schema = JsonDocument.Parse("""{"type":"object","properties":{"summary":{"type":"string"}},"required":["summary"]}""");
        var request = new SimulatedRoleRequest("test", [new ChatMessage(ChatRole.User, "Mortgage statements arrive quarterly by post")], schema.RootElement);

        string json = SimulatedJsonSchemaGenerator.Generate(schema.RootElement, request);

        string summary = JsonDocument.Parse(json).RootElement.GetProperty("summary").GetString()!;
        summary.Split(' ').ShouldAllBe(w => new[] { "mortgage", "statements", "arrive", "quarterly", "post" }.Contains(w));
    }

    [Fact]
    public void Generate_IdProperties_ReferToSampleIdsInTheRequest()
    {
        JsonElement schema = ((ChatResponseFormatJson)ChatResponseFormat.ForJsonSchema(typeof(Verdict[]), s_options)).Schema!.Value;
        const string User = """Judge: <samples>[{"id":"i001-s0001","input":"card stolen"},{"id":"i001-s0002","input":"refund late"}]</samples>""";
        var request = new SimulatedRoleRequest("test.judge", [new ChatMessage(ChatRole.User, User)], schema, seed: 4);

        Verdict[] verdicts = JsonSerializer.Deserialize(SimulatedJsonSchemaGenerator.Generate(schema, request), SimulationTestJsonContext.Default.VerdictArray)!;

        SimulatedRequestFactory.KnownIds(request).ShouldBe(["i001-s0001", "i001-s0002"]);
        verdicts.Select(v => v.SampleId).ShouldBe(Enumerable.Range(0, verdicts.Length).Select(i => SimulatedRequestFactory.KnownIds(request)[i % 2]));
    }
}
