using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.Fakes;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

public sealed class OptimizeCommandTests : IDisposable
{
    private static readonly string Datasets = Path.Combine(AppContext.BaseDirectory, "TestData");
    private readonly string _root = Directory.CreateTempSubdirectory("pf-opt-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static JsonObject Manifest(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!.AsObject();

    private string SingleRun() => Directory.GetDirectories(Path.Combine(_root, "runs")).Single(d => !Path.GetFileName(d).StartsWith('.'));

    [Fact]
    public async Task Optimize_BenchmarkTaskOnSimulator_RecordsHeldOutAccuraciesWithIntervalsAndBestPrompt()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("optimize", "bbh:causal_judgement", "--datasets", Datasets, "--levels", "2", "--seed", "3");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        cli.Out.ToString().ShouldContain("SIMULATED");
        JsonObject extras = Manifest(SingleRun())["extras"]!.AsObject();
        JsonObject evaluations = extras["evaluations"]!.AsObject();
        foreach (string name in new[] { "optimized", "initial" })
        {
            JsonObject evaluation = evaluations[name]!.AsObject();
            double accuracy = evaluation["accuracy"]!.GetValue<double>();
            evaluation["interval_low"]!.GetValue<double>().ShouldBeLessThanOrEqualTo(accuracy);
            evaluation["interval_high"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(accuracy);
            evaluation["n"]!.GetValue<int>().ShouldBe(9);   // 30% of 30 examples held out
            evaluation["simulated"]!.GetValue<bool>().ShouldBeTrue();
        }

        extras["best_prompt"]!["text"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();

        int report = await cli.RunAsync("report", SingleRun());
        report.ShouldBe(ExitCodes.Success);
        File.ReadAllText(Path.Combine(SingleRun(), "report.html")).ShouldContain("Held-out evaluation");
    }

    [Fact]
    public async Task Optimize_LambdaCandidatesAndOneShotExtremes_RecordedInConfigAndEveryLevelsGenerationFile()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync(
            "optimize", "bbh:causal_judgement", "--datasets", Datasets, "--levels", "2", "--seed", "3", "--lambda", "4", "--candidates", "3", "--condition", "one_shot_extremes");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        JsonObject sipdo = JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "config.json")))!["sipdo"]!.AsObject();
        sipdo["lambda"]!.GetValue<double>().ShouldBe(4);
        sipdo["candidates"]!.GetValue<int>().ShouldBe(3);
        sipdo["curriculum"]!.GetValue<string>().ShouldBe("one_shot_extremes");
        foreach (string iteration in new[] { "iter_001", "iter_002" })
        {
            JsonObject generation = JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), iteration, "generation.json")))!.AsObject();
            generation["level"]!.GetValue<int>().ShouldBe(2, "one-shot extremes writes every item at level n");
            generation["lambda"]!.GetValue<double>().ShouldBe(4);
            generation["candidates"]!.AsArray().Count.ShouldBeGreaterThanOrEqualTo(3);
        }
    }

    [Fact]
    public async Task Optimize_NegativeLambda_ExitCode2NamingTheOption()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("optimize", "bbh:causal_judgement", "--datasets", Datasets, "--levels", "1", "--lambda", "-1");

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("Lambda");
    }

    [Fact]
    public async Task Optimize_ThroughRealSdkAndLoopbackHttp_CompletesAgainstTheFakeServer()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartFlakySimulatorAsync(TestContext.Current.CancellationToken);
        server.SlowReplyDelay = TimeSpan.FromMilliseconds(500);
        server.EnqueueFault(FakeServerFault.SlowReply);
        server.EnqueueFault(FakeServerFault.MalformedBody);   // one call fails for good: reported in the run, never a crash
        var cli = new CliHarness(_root).WithVariable("OPENAI_API_KEY", "sk-loopback");

        int exit = await cli.RunAsync(
            "optimize", "bbh:causal_judgement", "--datasets", Datasets, "--levels", "2",
            "--endpoint", server.BaseAddress.ToString(), "--model", "fake-model", "--no-cache");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        server.RequestCount.ShouldBeGreaterThan(10);
        server.SawJsonSchemaRequest.ShouldBeTrue();
        Manifest(SingleRun())["extras"]!["evaluations"]!["optimized"].ShouldNotBeNull();
        cli.Out.ToString().ShouldNotContain("SIMULATED:");
    }

    [Fact]
    public async Task Estimate_Optimize_IncludesHeldOutEvaluationCallsAndWritesNothing()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("estimate", "optimize", "bbh:causal_judgement", "--datasets", Datasets, "--levels", "1", "--model", "gpt-4o-mini");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        string taskRow = cli.Out.ToString().Split('\n').Single(l => l.TrimStart().StartsWith("sipdo.task", StringComparison.Ordinal));
        long calls = long.Parse(taskRow.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
        calls.ShouldBeGreaterThanOrEqualTo(3 * 9);   // at least three distinct prompts (p* may be the initial prompt) on the 9 held-out examples, plus the loop's own task calls
        cli.Out.ToString().ShouldNotContain("Held-out evaluation");
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    [Fact]
    public async Task Optimize_MissingTaskFile_ExitCode2NamingThePathAndWritesNothing()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("optimize", "bbh:no_such_task", "--datasets", Datasets);

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("no_such_task.json");
        cli.Error.ToString().ShouldContain("--datasets");   // says how to fix it
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    [Fact]
    public async Task Optimize_InvalidTaskFile_ExitCode2NamingTheFile()
    {
        string task = Path.Combine(_root, "task.json");
        File.WriteAllText(task, "{ \"examples\": [ { \"input\": \"q\" } ] }");
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("optimize", task);

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("task.json");
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }
}
