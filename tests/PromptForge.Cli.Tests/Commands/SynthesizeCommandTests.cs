using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.Fakes;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

public sealed class SynthesizeCommandTests : IDisposable
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "synsmith", "customer_support");
    private readonly string _root = Directory.CreateTempSubdirectory("pf-syn-").FullName;

    public SynthesizeCommandTests()
    {
        foreach (string file in Directory.GetFiles(DataDirectory))
        {
            File.Copy(file, Path.Combine(_root, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Config => Path.Combine(_root, "config.yaml");

    private string SingleRun() => Directory.GetDirectories(Path.Combine(_root, "runs")).Single(d => !Path.GetFileName(d).StartsWith('.'));

    [Fact]
    public async Task Synthesize_ReferenceConfigOnSimulator_CompletesWithEveryCriticsMetricsAndSaysSimulated()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "2", "--samples-per-iteration", "8", "--seed", "4");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        cli.Out.ToString().ShouldContain("SIMULATED");
        string run = SingleRun();
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!.AsObject();
        manifest["metric_history"]!.AsArray().Count.ShouldBe(2);
        manifest["metric_history"]![0]!["metrics"]!.AsObject().Count.ShouldBeGreaterThan(5);
        File.ReadAllLines(Path.Combine(run, "iter_001", "samples.jsonl")).Length.ShouldBe(8);
        JsonNode config = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!;
        config["cli"]!["invocation"]!["command"]!.GetValue<string>().ShouldBe("synthesize");
        config["synsmith"].ShouldNotBeNull();

        (await cli.RunAsync("report", run)).ShouldBe(ExitCodes.Success);
        (await cli.RunAsync("export", run, "--format", "csv", "--all")).ShouldBe(ExitCodes.Success);
        File.ReadAllLines(Path.Combine(run, "samples.csv")).Length.ShouldBe(1 + 16);
    }

    [Fact]
    public async Task Synthesize_ConfigSeedOnly_SimulatorUsesItSoTheRunEqualsAnExplicitSeedRun()
    {
        var cli = new CliHarness(_root);

        (await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "6", "--out", "a")).ShouldBe(ExitCodes.Success, cli.Error.ToString());
        (await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "6", "--out", "b", "--seed", "17")).ShouldBe(ExitCodes.Success, cli.Error.ToString());
        (await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "6", "--out", "c", "--seed", "0")).ShouldBe(ExitCodes.Success, cli.Error.ToString());

        string Texts(string runs) => string.Join("\n", File.ReadAllLines(Path.Combine(Directory.GetDirectories(Path.Combine(_root, runs)).Single(d => !Path.GetFileName(d).StartsWith('.')), "iter_001", "samples.jsonl"))
            .Select(line => JsonNode.Parse(line)!["input"]!.ToJsonString()));
        Texts("a").ShouldBe(Texts("b"));      // the config's seed 17 reaches the simulator, as --seed 17 does
        Texts("a").ShouldNotBe(Texts("c"));   // and it matters: seed 0 (the old simulator seed) writes other samples
    }

    [Fact]
    public async Task Synthesize_WithTestSplit_RecordsDownstreamF1InTheManifestLabeledSimulated()
    {
        string[] real = File.ReadAllLines(Path.Combine(_root, "real_examples.jsonl")).Where(l => l.Trim().Length > 0).ToArray();
        File.WriteAllLines(Path.Combine(_root, "test.jsonl"), real.TakeLast(real.Length / 2));
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "8", "--test-split", "test.jsonl");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        JsonNode downstream = JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "manifest.json")))!["extras"]!["downstream"]!;
        downstream["test_size"]!.GetValue<int>().ShouldBe(real.Length / 2);
        downstream["simulated"]!.GetValue<bool>().ShouldBeTrue();
        double macro = downstream["real_plus_synthetic"]!["macro_f1"]!.GetValue<double>();
        macro.ShouldBeInRange(0, 1);
        downstream["real_plus_synthetic"]!["worst_class_f1"]!.GetValue<double>().ShouldBeLessThanOrEqualTo(macro);
        downstream["synthetic_only"]!["train_size"]!.GetValue<int>().ShouldBe(JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "manifest.json")))!["extras"]!["dataset"]!["count"]!.GetValue<int>());
        cli.Out.ToString().ShouldContain("(SIMULATED: trained on simulator samples)");
    }

    [Fact]
    public async Task Synthesize_Completed_WritesVerifiedDeduplicatedDatasetAndRecordsItInTheManifest()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "2", "--samples-per-iteration", "8");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        string run = SingleRun();
        JsonObject[] rows = File.ReadAllLines(Path.Combine(run, "dataset.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        rows.ShouldNotBeEmpty();
        rows.Length.ShouldBeLessThanOrEqualTo(16);
        rows.ShouldAllBe(r => r["verified"]!.GetValue<bool>() && r["verdicts"]!["attribute_verifier"]!.GetValue<bool>());
        rows.Select(r => r["text"]!.GetValue<string>().Trim().ToLowerInvariant()).Distinct().Count().ShouldBe(rows.Length);
        rows.ShouldAllBe(r => r["prompt_version"] != null && r["iteration"] != null && r["attributes"]!.AsObject().Count > 0);
        string[] csv = File.ReadAllLines(Path.Combine(run, "dataset.csv"));
        csv[0].ShouldStartWith("id,text,label,");
        csv[0].ShouldContain("prompt_version");
        JsonNode dataset = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!["extras"]!["dataset"]!;
        dataset["count"]!.GetValue<int>().ShouldBe(rows.Length);
        dataset["jsonl"]!.GetValue<string>().ShouldBe("dataset.jsonl");
        cli.Out.ToString().ShouldContain($"Dataset: {rows.Length} verified, de-duplicated samples");

        // export defaults to that dataset; --all dumps every sample as before.
        (await cli.RunAsync("export", run, "--format", "jsonl", "--out", "final.jsonl")).ShouldBe(ExitCodes.Success);
        File.ReadAllText(Path.Combine(_root, "final.jsonl")).ShouldBe(File.ReadAllText(Path.Combine(run, "dataset.jsonl")));
        (await cli.RunAsync("export", run, "--format", "jsonl", "--all", "--out", "every.jsonl")).ShouldBe(ExitCodes.Success);
        File.ReadAllLines(Path.Combine(_root, "every.jsonl")).Length.ShouldBe(16);
    }

    [Fact]
    public async Task Synthesize_NaiveIncludeRolledBack_OnePassWithEveryIterationsSamplesAndReferenceFiles()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--condition", "naive", "--iterations", "2", "--samples-per-iteration", "4", "--include-rolled-back");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        string run = SingleRun();

        // The reference's naive baseline is one pass: 2 x 4 samples in a single iteration.
        Directory.Exists(Path.Combine(run, "iter_002")).ShouldBeFalse();
        File.ReadAllLines(Path.Combine(run, "iter_001", "samples.jsonl")).Length.ShouldBe(8);
        File.ReadAllLines(Path.Combine(run, "reference", "iter_000", "targets.jsonl")).Length.ShouldBe(8);
        File.Exists(Path.Combine(run, "reference", "iter_000", "metrics.json")).ShouldBeTrue();
        JsonNode dataset = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!["extras"]!["dataset"]!;
        dataset["include_rolled_back"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Synthesize_ThroughRealSdkAndLoopbackHttp_CompletesAgainstTheFakeServer()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartFlakySimulatorAsync(TestContext.Current.CancellationToken);
        server.SlowReplyDelay = TimeSpan.FromMilliseconds(500);
        server.EnqueueFault(FakeServerFault.SlowReply);
        server.EnqueueFault(FakeServerFault.MalformedBody);   // one call fails for good: reported in the run, never a crash
        var cli = new CliHarness(_root).WithVariable("OPENAI_API_KEY", "sk-loopback");

        int exit = await cli.RunAsync(
            "synthesize", "config.yaml", "--iterations", "2", "--samples-per-iteration", "6",
            "--endpoint", server.BaseAddress.ToString(), "--model", "fake-model", "--no-cache");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        server.Requests.Count.ShouldBeGreaterThan(12);
        server.SawJsonSchemaRequest.ShouldBeTrue();
        server.Requests.ShouldAllBe(r => r["model"]!.GetValue<string>() == "fake-model");   // --model wins over the config's gpt-4o-mini
        cli.Out.ToString().ShouldNotContain("SIMULATED:");
        JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "manifest.json")))!["status"]!.GetValue<string>().ShouldBe("Completed");
    }

    [Fact]
    public async Task Synthesize_WithApiKey_KeyNeverReachesRunFolderCacheOrOutput()
    {
        const string Key = "sk-fake-5f3a9c1e7d2b4a60";
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartFlakySimulatorAsync(TestContext.Current.CancellationToken);
        server.RequiredApiKey = Key;
        var cli = new CliHarness(_root).WithVariable("OPENAI_API_KEY", Key);

        int exit = await cli.RunAsync(
            "synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4", "--endpoint", server.BaseAddress.ToString(), "--model", "fake-model");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        server.Authorizations.ShouldContain($"Bearer {Key}");   // the key was really used
        string runs = Path.Combine(_root, "runs");
        Directory.EnumerateFiles(runs, "*", SearchOption.AllDirectories).Count(f => f.Contains(".cache", StringComparison.Ordinal)).ShouldBeGreaterThan(0);
        foreach (string file in Directory.EnumerateFiles(runs, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).ShouldNotContain(Key, customMessage: file);
        }

        cli.Out.ToString().ShouldNotContain(Key);
        cli.Error.ToString().ShouldNotContain(Key);
    }

    [Fact]
    public async Task Synthesize_Completed_EndsWithTheReportCommandForTheRunFolder()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        string lastLine = cli.Out.ToString().TrimEnd().Split('\n')[^1].Trim();
        lastLine.ShouldBe($"Next: promptforge report {Path.Combine("runs", Path.GetFileName(SingleRun()))}");
    }

    [Fact]
    public async Task Synthesize_InvalidRealExample_ExitCode2NamingFileLineAndFieldAndNothingWrittenEvenWithCache()
    {
        string examples = Path.Combine(_root, "real_examples.jsonl");
        string[] lines = File.ReadAllLines(examples);
        lines[2] = "{\"text\": \"hi\", \"label\": \"no_such_intent\"}";
        File.WriteAllLines(examples, lines);
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var cli = new CliHarness(_root).WithVariable("OPENAI_API_KEY", "k");

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--endpoint", server.BaseAddress.ToString(), "--model", "m");

        exit.ShouldBe(ExitCodes.InputError, cli.Error.ToString());
        string error = cli.Error.ToString().Trim();
        error.Split('\n').Length.ShouldBe(1);
        error.ShouldContain("real_examples.jsonl:3:");
        error.ShouldContain("field 'label'");
        error.ShouldContain("no_such_intent");
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();   // no run folder, no .cache
        server.RequestCount.ShouldBe(0);
    }

    [Fact]
    public async Task Synthesize_MissingConfig_ExitCode2AndNothingWritten()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "nope.yaml");

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("nope.yaml");
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    [Fact]
    public async Task Synthesize_UnknownKey_ExitCode2NamingFileLineAndField()
    {
        File.WriteAllText(Config, File.ReadAllText(Config).Replace("iterations: 5", "iteratoins: 5", StringComparison.Ordinal));
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml");

        exit.ShouldBe(ExitCodes.InputError, cli.Error.ToString());
        string error = cli.Error.ToString();
        error.ShouldContain("config.yaml");
        error.ShouldContain("iteratoins");
        error.ShouldMatch(@"config\.yaml:\d+");
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    [Fact]
    public async Task Synthesize_BadYaml_ExitCode2WithLine()
    {
        File.WriteAllText(Config, "schema_path: schema.yaml\niterations: [1, 2\n");
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml");

        exit.ShouldBe(ExitCodes.InputError, cli.Error.ToString());
        cli.Error.ToString().ShouldMatch(@"config\.yaml:\d+");
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    [Fact]
    public async Task Synthesize_InvalidSchema_ExitCode2NamingTheSchemaFile()
    {
        File.WriteAllText(Path.Combine(_root, "schema.yaml"), "domain: x\nlabel_attribute: intent\nattributes:\n  intent: []\n");
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml");

        exit.ShouldBe(ExitCodes.InputError, cli.Error.ToString());
        cli.Error.ToString().ShouldContain("schema.yaml");
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("--condition", "fullest")]
    [InlineData("--test-split", "nope.jsonl")]
    public async Task Synthesize_BadOptionValue_ExitCode2NamingTheOptionAndNothingWritten(string option, string value)
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", option, value);

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain(option);
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    [Fact]
    public async Task Estimate_Synthesize_PricesTheConfigsModelsPerRole()
    {
        File.WriteAllText(Path.Combine(_root, "prices.yaml"), "models:\n  gpt-4o-mini: { input: 0.15, output: 0.60 }\n");
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("estimate", "synthesize", "config.yaml", "--iterations", "2", "--samples-per-iteration", "5", "--prices", "prices.yaml");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        string generatorRow = cli.Out.ToString().Split('\n').Single(l => l.TrimStart().StartsWith("synsmith.generator", StringComparison.Ordinal));
        generatorRow.ShouldContain("gpt-4o-mini");
        // 2 iterations x 5 samples, plus the 5 paired incumbent samples the gate writes in iteration 2.
        generatorRow.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2].ShouldBe("15");
        cli.Out.ToString().ShouldContain("USD");
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }
}
