using System.Text;

namespace PromptForge.SynSmith.Tests.Inputs;

/// <summary>Hostile SynSmith inputs: files over their limits, invalid UTF-8, floods of problems, frozen input paths.</summary>
public sealed class SynSmithInputLimitsTests
{
    private static string ReferenceConfig => File.ReadAllText(TestData.File("customer_support", "config.yaml"));

    private static TestData.TempFolder CustomerSupportCopy()
    {
        var folder = new TestData.TempFolder();
        foreach (var file in new[] { "config.yaml", "schema.yaml", "real_examples.jsonl" })
        {
            File.Copy(TestData.File("customer_support", file), Path.Combine(folder.PathName, file));
        }

        return folder;
    }

    [Fact]
    public void Load_ConfigOverMaxConfigBytes_RefusedNamingTheLimit()
    {
        using var folder = CustomerSupportCopy();
        var path = Path.Combine(folder.PathName, "config.yaml");

        var error = Should.Throw<SynSmithInputException>(() => SynSmithConfigFile.Load(path, new SynSmithInputLimits { MaxConfigBytes = 100 }));

        var problem = error.Problems.ShouldHaveSingleItem();
        problem.File.ShouldBe(path);
        problem.Message.ShouldContain("the limit is 100 bytes (MaxConfigBytes)");
    }

    [Fact]
    public void Load_ConfigWithInvalidUtf8_NamesLineAndByteOffset()
    {
        using var folder = CustomerSupportCopy();
        var path = Path.Combine(folder.PathName, "config.yaml");
        var bytes = File.ReadAllBytes(path);
        var offset = Array.IndexOf(bytes, (byte)'\n') + 1;
        File.WriteAllBytes(path, [.. bytes[..offset], 0xC0, 0xAF, .. bytes[offset..]]);

        var error = Should.Throw<SynSmithInputException>(() => SynSmithConfigFile.Load(path));

        var problem = error.Problems.ShouldHaveSingleItem();
        problem.Line.ShouldBe(2);
        problem.Message.ShouldContain($"invalid UTF-8 at byte offset {offset}");
    }

    [Fact]
    public void Parse_ThousandsOfUnknownKeys_ListsTheFirstTwentyAndCountsTheRest()
    {
        var yaml = new StringBuilder(ReferenceConfig);
        for (var i = 0; i < 10_000; i++)
        {
            yaml.Append("typo_").Append(i).Append(": x\n");
        }

        var error = Should.Throw<SynSmithInputException>(() => SynSmithConfigFile.Parse(yaml.ToString(), TestData.File("customer_support", "config.yaml")));

        error.Problems.Count.ShouldBe(20);
        error.UnlistedProblemCount.ShouldBe(9_980);
        error.Problems[0].Field.ShouldBe("typo_0");
        error.Message.ShouldContain("10000 problems");
        error.Message.ShouldEndWith("and 9980 more");
    }

    [Fact]
    public void Load_InitialPromptOverMaxPromptChars_NamesTheField()
    {
        using var folder = CustomerSupportCopy();
        var path = Path.Combine(folder.PathName, "config.yaml");

        var error = Should.Throw<SynSmithInputException>(() => SynSmithConfigFile.Load(path, new SynSmithInputLimits { MaxPromptChars = 50 }));

        var problem = error.Problems.ShouldHaveSingleItem();
        problem.Field.ShouldBe("initial_prompt");
        problem.Line.ShouldNotBeNull();
        problem.Message.ShouldContain("the limit is 50 (MaxPromptChars)");
    }

    [Fact]
    public void Load_WithInputPaths_ReadsThoseFilesEvenWhenTheWrittenPathsAreGone()
    {
        using var folder = CustomerSupportCopy();
        using var frozen = CustomerSupportCopy();
        var path = Path.Combine(folder.PathName, "config.yaml");
        File.Delete(Path.Combine(folder.PathName, "schema.yaml"));
        File.Delete(Path.Combine(folder.PathName, "real_examples.jsonl"));
        var paths = new Dictionary<string, string>
        {
            ["schema_path"] = Path.Combine(frozen.PathName, "schema.yaml"),
            ["real_examples_path"] = Path.Combine(frozen.PathName, "real_examples.jsonl"),
        };

        var config = SynSmithConfigFile.Load(path, limits: null, paths);

        config.SchemaPath.ShouldBe(paths["schema_path"]);
        config.LoadRealExamples(config.LoadSchema()).Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Load_SchemaWithInvalidUtf8_NamesLineAndByteOffset()
    {
        using var folder = CustomerSupportCopy();
        var path = Path.Combine(folder.PathName, "schema.yaml");
        File.WriteAllBytes(path, [.. "domain: x\nlabel_attribute: "u8, 0xFF, .. "intent\n"u8]);

        var error = Should.Throw<SynSmithInputException>(() => AttributeSchema.Load(path));

        error.Problems.ShouldHaveSingleItem().Line.ShouldBe(2);
        error.Problems[0].Message.ShouldContain("invalid UTF-8 at byte offset 27 (byte 0xFF)");
    }

    [Fact]
    public void Load_SchemaOverMaxSchemaBytes_Refused()
    {
        var error = Should.Throw<SynSmithInputException>(() => AttributeSchema.Load(TestData.File("customer_support", "schema.yaml"), new SynSmithInputLimits { MaxSchemaBytes = 10 }));

        error.Problems.ShouldHaveSingleItem().Message.ShouldContain("(MaxSchemaBytes)");
    }

    [Fact]
    public void Load_RealExamplesWithInvalidUtf8_NamesLineAndByteOffset()
    {
        using var folder = CustomerSupportCopy();
        var path = Path.Combine(folder.PathName, "real_examples.jsonl");
        var row1 = "{\"text\": \"fine\", \"label\": \"complaint\"}\n"u8.ToArray();
        File.WriteAllBytes(path, [.. row1, .. "{\"text\": \"caf"u8, 0xE9, .. "\", \"label\": \"complaint\"}\n"u8]);

        var error = Should.Throw<SynSmithInputException>(() => RealExampleSet.Load(path, TestData.CustomerSupportSchema()));

        error.Problems.ShouldHaveSingleItem().Line.ShouldBe(2);
        error.Problems[0].Message.ShouldContain($"invalid UTF-8 at byte offset {row1.Length + 13}");
    }

    [Fact]
    public void Load_RealExampleLineOverTheLimit_NamesTheLineAndKeepsReading()
    {
        using var folder = CustomerSupportCopy();
        var path = Path.Combine(folder.PathName, "real_examples.jsonl");
        File.WriteAllText(path, "{\"text\": \"short\", \"label\": \"complaint\"}\n{\"text\": \"" + new string('a', 500) + "\", \"label\": \"complaint\"}\n{\"text\": 5, \"label\": \"complaint\"}\n");

        var error = Should.Throw<SynSmithInputException>(() => RealExampleSet.Load(path, TestData.CustomerSupportSchema(), new SynSmithInputLimits { MaxRealExampleLineBytes = 200 }));

        error.Problems.Select(p => p.Line).ShouldBe([2, 3]);
        error.Problems[0].Message.ShouldContain("longer than the limit of 200 bytes (MaxRealExampleLineBytes)");
    }

    [Fact]
    public void Load_RealExamplesOverMaxRealExamplesBytes_Refused()
    {
        var error = Should.Throw<SynSmithInputException>(() => RealExampleSet.Load(
            TestData.File("customer_support", "real_examples.jsonl"), TestData.CustomerSupportSchema(), new SynSmithInputLimits { MaxRealExamplesBytes = 64 }));

        error.Problems.ShouldHaveSingleItem().Message.ShouldContain("the limit is 64 bytes (MaxRealExamplesBytes)");
    }
}
