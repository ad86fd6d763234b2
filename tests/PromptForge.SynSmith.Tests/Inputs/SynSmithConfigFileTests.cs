namespace PromptForge.SynSmith.Tests.Inputs;

public sealed class SynSmithConfigFileTests
{
    public static TheoryData<string, string> ReferenceConfigs => new()
    {
        { "customer_support", "config.yaml" },
        { "customer_support", "config.echo.yaml" },
        { "customer_support", "config.sim.yaml" },
        { "banking77", "config.yaml" },
        { "sst2", "config.yaml" },
        { "trec", "config.yaml" },
        { "trec", "config_topic.yaml" },
    };

    [Theory]
    [MemberData(nameof(ReferenceConfigs))]
    public void Load_ReferenceConfig_ResolvesAndLoadsItsInputs(string dataset, string file)
    {
        var config = SynSmithConfigFile.Load(TestData.File(dataset, file));

        var schema = config.LoadSchema();
        var real = config.LoadRealExamples(schema);

        real.Count.ShouldBeGreaterThan(0);
        config.InitialPrompt.ShouldNotBeNullOrWhiteSpace();
        config.ModelNames.Keys.ShouldContain("generator_llm");
    }

    [Fact]
    public void Load_CustomerSupport_ResolvesRepositoryRelativePathNextToTheConfig()
    {
        // schema_path: examples/customer_support/schema.yaml -> the schema.yaml next to the config.
        var config = SynSmithConfigFile.Load(TestData.File("customer_support", "config.yaml"));

        config.SchemaPath.ShouldBe(TestData.File("customer_support", "schema.yaml"));
        config.RealExamplesPath.ShouldBe(TestData.File("customer_support", "real_examples.jsonl"));
        config.SamplesPerIteration.ShouldBe(20);
        config.Seed.ShouldBe(17);
        config.Components.PlannerStrategy.ShouldBe("coverage_gap");
        config.Models["verifier_llm"].MaxTokens.ShouldBe(400);
        config.Models["updater_llm"].Temperature.ShouldBe(0.3);
    }

    [Fact]
    public void Load_Banking77_FallsBackToSplitsFolder()
    {
        // real_examples_path: experiments/_splits/banking77_real_train.jsonl -> splits/banking77_real_train.jsonl.
        var config = SynSmithConfigFile.Load(TestData.File("banking77", "config.yaml"));

        config.RealExamplesPath.ShouldBe(TestData.File("banking77", Path.Combine("splits", "banking77_real_train.jsonl")));
    }

    [Fact]
    public void ResolveInputPath_PathRelativeToConfigFolder_WinsOverFallbacks()
    {
        using var folder = new TestData.TempFolder();
        var exact = folder.Write("cfg/data/real.jsonl", "{}");
        folder.Write("cfg/real.jsonl", "{}");

        SynSmithConfigFile.ResolveInputPath(Path.Combine(folder.PathName, "cfg"), "data/real.jsonl").ShouldBe(exact);
    }

    [Fact]
    public void ResolveInputPath_RepositoryRootRelative_FoundThroughParentFolder()
    {
        using var folder = new TestData.TempFolder();
        var schema = folder.Write("examples/x/schema.yaml", "a: 1");

        SynSmithConfigFile.ResolveInputPath(Path.Combine(folder.PathName, "examples", "x"), "examples/x/schema.yaml").ShouldBe(schema);
    }

    [Fact]
    public void ResolveInputPath_Missing_ReturnsNull()
    {
        using var folder = new TestData.TempFolder();

        SynSmithConfigFile.ResolveInputPath(folder.PathName, "nowhere/none.jsonl").ShouldBeNull();
    }

    [Fact]
    public void Load_UnknownKeysAndMissingFile_AreAllReportedWithLines()
    {
        using var folder = new TestData.TempFolder();
        folder.Write("schema.yaml", "label_attribute: intent\nattributes:\n  intent: [a, b]\n");
        var path = folder.Write("config.yaml", "schema_path: schema.yaml\nreal_examples_path: missing.jsonl\nplanner:\n  strategy: coverage_gap\n  batchsize: 3\niteratons: 2\n");

        var ex = Should.Throw<SynSmithInputException>(() => SynSmithConfigFile.Load(path));

        ex.Problems.ShouldContain(p => p.Field == "real_examples_path" && p.Line == 2 && p.Message.Contains("not found"));
        ex.Problems.ShouldContain(p => p.Field == "planner.batchsize" && p.Line == 5);
        ex.Problems.ShouldContain(p => p.Field == "iteratons" && p.Line == 6);
        ex.Problems.ShouldAllBe(p => p.File == path);
    }

    [Fact]
    public void Load_WrongTypesAndUnknownStrategy_AreRejected()
    {
        using var folder = new TestData.TempFolder();
        folder.Write("schema.yaml", "label_attribute: intent\nattributes:\n  intent: [a, b]\n");
        folder.Write("real.jsonl", "{\"text\":\"t\",\"label\":\"a\"}\n");
        var path = folder.Write("config.yaml", "schema_path: schema.yaml\nreal_examples_path: real.jsonl\nsamples_per_iteration: many\nplanner: {strategy: greedy}\ngenerator_llm: {temperature: 7}\n");

        var ex = Should.Throw<SynSmithInputException>(() => SynSmithConfigFile.Load(path));

        ex.Problems.Select(p => p.Field).ShouldBe(["samples_per_iteration", "planner.strategy", "generator_llm.temperature"], ignoreOrder: true);
    }
}
