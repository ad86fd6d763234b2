using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Loop;

public sealed class SynSmithConfigFileRunTests
{
    [Fact]
    public async Task Defect08_ConfiguredTemperaturesAndTokenLimits_ReachEveryRolesRequests()
    {
        var config = SynSmithConfigFile.Load(TestData.File("customer_support", "config.yaml"));
        var model = new FakeSynSmithModel();

        var run = await PromptLoop.Create()
            .WithChatClient(model.Client)
            .UseSynSmith(config)
            .WithMaxIterations(2) // the updater is called in every iteration but the last
            .WithSamplesPerIteration(8)
            .Build()
            .RunAsync(config.InitialPrompt!);

        run.Status.ShouldBe(RunStatus.Completed);
        void Expect(string role, float temperature, int maxTokens)
        {
            var calls = model.Client.CallsFor(role);
            calls.ShouldNotBeEmpty(role);
            calls.ShouldAllBe(c => c.Options!.Temperature == temperature && c.Options.MaxOutputTokens == maxTokens && c.Options.ModelId == "gpt-4o-mini");
        }

        // generator: block (0.9 / 800); *_llm sections; pack and hunter have no section: model from generator_llm, own defaults.
        // The reference verified one sample per call: its 400 tokens are per sample, our calls carry 8 (default batch).
        Expect("synsmith.generator", 0.9f, 800);
        Expect("synsmith.attribute_verifier", 0.0f, 400 * 8);
        Expect("synsmith.realism_discriminator", 0.0f, 1200);
        Expect("synsmith.diversity_auditor", 0.2f, 800);
        Expect("synsmith.updater", 0.3f, 600);
        Expect("synsmith.pack_discriminator", 0.0f, 600);
        Expect("synsmith.mode_hunter", 0.0f, 400);
    }

    [Fact]
    public async Task UseSynSmith_ConfigFileWithBatchedCalls_TokenLimitsArePerSampleLikeTheReference()
    {
        var config = SynSmithConfigFile.Load(TestData.File("customer_support", "config.yaml"));
        var model = new FakeSynSmithModel();

        await PromptLoop.Create()
            .WithChatClient(model.Client)
            .UseSynSmith(config, o => { o.Generator.SamplesPerCall = 4; o.AttributeVerifier.BatchSize = 3; })
            .WithMaxIterations(1)
            .WithSamplesPerIteration(8)
            .Build()
            .RunAsync(config.InitialPrompt!);

        model.Client.CallsFor("synsmith.generator").ShouldAllBe(c => c.Options!.MaxOutputTokens == 800 * 4);
        model.Client.CallsFor("synsmith.attribute_verifier").ShouldAllBe(c => c.Options!.MaxOutputTokens == 400 * 3);
        model.Client.CallsFor("synsmith.realism_discriminator").ShouldAllBe(c => c.Options!.MaxOutputTokens == 1200);
    }

    [Fact]
    public async Task UseSynSmith_ConfigFile_AppliesSeedCountsPlannerAndCriticOptions()
    {
        var config = SynSmithConfigFile.Load(TestData.File("customer_support", "config.sim.yaml"));
        var model = new FakeSynSmithModel();

        var run = await PromptLoop.Create().WithChatClient(model.Client).UseSynSmith(config).WithMaxIterations(1).Build().RunAsync(config.InitialPrompt!);

        // samples_per_iteration 12; pack: 4 comparisons of 4 texts, 4 per call -> 1 call.
        run.MetricHistory[0].SampleCount.ShouldBe(12);
        model.Client.CallsFor("synsmith.pack_discriminator").Single().UserJson["comparisons"]!.AsArray().Count.ShouldBe(4);
    }

    [Fact]
    public async Task UseSynSmith_SavedRunConfiguration_RecordsRolesAndSynSmithOptions()
    {
        using var folder = new TestData.TempFolder();
        var config = SynSmithConfigFile.Load(TestData.File("customer_support", "config.yaml"));

        var run = await PromptLoop.Create()
            .WithChatClient(new FakeSynSmithModel().Client)
            .WithRunStore(new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = folder.PathName }))
            .UseSynSmith(config, o => o.Condition = SynSmithCondition.FullClassic)
            .WithMaxIterations(1)
            .WithSamplesPerIteration(4)
            .Build()
            .RunAsync(config.InitialPrompt!);

        var saved = await File.ReadAllTextAsync(Path.Combine(run.RunLocation!, "config.json"));
        saved.ShouldContain("synsmith.generator");
        saved.ShouldContain("\"condition\": \"full_classic\"");
        saved.ShouldContain("coverage_gap");
        saved.ShouldNotContain("OPENAI_API_KEY");
    }
}
