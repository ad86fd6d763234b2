using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.Fakes;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

/// <summary>
/// The chaos suite: <c>synthesize</c> through the real SDK against a loopback server that misbehaves the way real
/// providers do. A provider failure stops the run resumably (exit 3, status Interrupted, never "Completed" with data
/// missing); transient faults, an open circuit and empty replies are retried and the run completes in full.
/// </summary>
public sealed class ProviderFailureTests : IDisposable
{
    private const int Iterations = 2;
    private const int SamplesPerIteration = 6;
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "synsmith", "customer_support");
    private readonly string _root = Directory.CreateTempSubdirectory("pf-chaos-").FullName;

    public ProviderFailureTests()
    {
        foreach (string file in Directory.GetFiles(DataDirectory))
        {
            File.Copy(file, Path.Combine(_root, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // A healthy run of these settings makes 13 chat requests per iteration (12 generator calls, 1 updater call).
    private const int RequestsPerIteration = 13;

    // PromptLoopOptions.MaxConcurrency's default: calls already in flight when the provider fails may still arrive.
    private const int MaxConcurrency = 8;

    [Fact]
    public async Task Synthesize_EndpointDiesDuringIteration2_ExitsInterruptedSavedAndResumeCompletes()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync(new PromptForge.Simulation.SimulatedChatClient(new PromptForge.Simulation.SimulatedChatClientOptions { Behaviors = { PromptForge.Sipdo.SipdoSimulation.Behavior, PromptForge.SynSmith.SynSmithSimulation.Behavior } }), TestContext.Current.CancellationToken);
        server.DieAfterRequests = RequestsPerIteration + 5;
        var cli = Cli();

        int exit = await SynthesizeAsync(cli, server);

        exit.ShouldBe(ExitCodes.Interrupted, cli.Error.ToString() + cli.Out);
        server.IsListening.ShouldBeFalse();
        JsonNode manifest = Manifest();
        manifest["status"]!.GetValue<string>().ShouldBe("Interrupted");
        manifest["stop_reason"]!.GetValue<string>().ShouldContain("unavailable");
        manifest["iterations_completed"]!.GetValue<int>().ShouldBe(1);   // iteration 2 was discarded, not kept in part
        cli.Out.ToString().ShouldNotContain("Completed");
        cli.Error.ToString().ShouldContain("Interrupted: the model provider is unavailable");
        cli.Error.ToString().ShouldContain("promptforge resume ");
        File.Exists(Path.Combine(SingleRun(), "dataset.jsonl")).ShouldBeFalse();   // nothing derived from a partial run
        File.Exists(Path.Combine(SingleRun(), "reference", "iter_000", "prompt.txt")).ShouldBeTrue();   // the completed iteration's reference files
        Directory.Exists(Path.Combine(SingleRun(), "reference", "iter_001")).ShouldBeFalse();   // none for the discarded one

        await server.RestartAsync(TestContext.Current.CancellationToken);
        int resumed = await Cli().RunAsync("resume", SingleRun());

        resumed.ShouldBe(ExitCodes.Success, cli.Error.ToString());
        Manifest()["status"]!.GetValue<string>().ShouldBe("Completed");
        Manifest()["iterations_completed"]!.GetValue<int>().ShouldBe(Iterations);
        NoSampleLostToAFailedCall();
    }

    [Fact]
    public async Task Synthesize_KeyRevokedAfterNRequests_StopsAtOnceWithoutFurtherRequests()
    {
        const int Served = RequestsPerIteration + 1;
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync(new PromptForge.Simulation.SimulatedChatClient(new PromptForge.Simulation.SimulatedChatClientOptions { Behaviors = { PromptForge.Sipdo.SipdoSimulation.Behavior, PromptForge.SynSmith.SynSmithSimulation.Behavior } }), TestContext.Current.CancellationToken);
        server.UnauthorizedAfterRequests = Served;
        var cli = Cli();

        int exit = await SynthesizeAsync(cli, server, iterations: 4);

        exit.ShouldBe(ExitCodes.Interrupted, cli.Error.ToString() + cli.Out);
        Manifest()["status"]!.GetValue<string>().ShouldBe("Interrupted");
        cli.Error.ToString().ShouldContain("rejected the credentials");
        cli.Error.ToString().ShouldContain("check OPENAI_API_KEY");

        // A 401 is never retried, and after the first one nothing more is sent: at most the calls already in flight.
        server.RequestCount.ShouldBeLessThanOrEqualTo(Served + MaxConcurrency);
    }

    [Fact]
    public async Task Synthesize_CircuitBreakerOpens_WaitsOutTheBreakRetriesAndCompletes()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync(new PromptForge.Simulation.SimulatedChatClient(new PromptForge.Simulation.SimulatedChatClientOptions { Behaviors = { PromptForge.Sipdo.SipdoSimulation.Behavior, PromptForge.SynSmith.SynSmithSimulation.Behavior } }), TestContext.Current.CancellationToken);
        server.RetryAfterSeconds = 0;

        // 11 consecutive failures: the 6 concurrent generator calls fail twice, and the circuit opens (10 attempts, 50%
        // failed). The calls rejected by the open circuit wait out its 30 s break (virtual time) and are retried.
        server.EnqueueFault(FakeServerFault.ServerError, times: 6);
        server.EnqueueFault(FakeServerFault.BadGateway, times: 5);
        var cli = Cli();

        int exit = await SynthesizeAsync(cli, server);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        Manifest()["status"]!.GetValue<string>().ShouldBe("Completed");
        NoSampleLostToAFailedCall();
    }

    [Fact]
    public async Task Synthesize_EmptyChoicesAndUnusableBodies_AreRetriedAndTheRunCompletes()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync(new PromptForge.Simulation.SimulatedChatClient(new PromptForge.Simulation.SimulatedChatClientOptions { Behaviors = { PromptForge.Sipdo.SipdoSimulation.Behavior, PromptForge.SynSmith.SynSmithSimulation.Behavior } }), TestContext.Current.CancellationToken);
        server.EnqueueFault(FakeServerFault.EmptyChoices, times: 2);
        server.EnqueueFault(FakeServerFault.HtmlBody);
        server.EnqueueFault(FakeServerFault.MalformedBody);
        var cli = Cli();

        int exit = await SynthesizeAsync(cli, server);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        Manifest()["status"]!.GetValue<string>().ShouldBe("Completed");
        server.RequestCount.ShouldBeGreaterThanOrEqualTo(4 + Iterations);   // the bad replies were retried, not taken as answers
        NoSampleLostToAFailedCall();
    }

    [Fact]
    public async Task Synthesize_ContentRefusalsAboveTheShare_ExitsInterruptedNamingTheCount()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync(new PromptForge.Simulation.SimulatedChatClient(new PromptForge.Simulation.SimulatedChatClientOptions { Behaviors = { PromptForge.Sipdo.SipdoSimulation.Behavior, PromptForge.SynSmith.SynSmithSimulation.Behavior } }), TestContext.Current.CancellationToken);
        server.EnqueueFault(FakeServerFault.ContentFilter, times: 10);
        var cli = Cli();

        int exit = await SynthesizeAsync(cli, server);

        exit.ShouldBe(ExitCodes.Interrupted, cli.Error.ToString() + cli.Out);
        JsonNode manifest = Manifest();
        manifest["status"]!.GetValue<string>().ShouldBe("Interrupted");
        manifest["stop_reason"]!.GetValue<string>().ShouldContain("ended in a content failure");
        manifest["iterations_completed"]!.GetValue<int>().ShouldBe(0);
        cli.Out.ToString().ShouldNotContain("Completed");
    }

    [Fact]
    public async Task Synthesize_ContentRefusalsWithinTheShare_AreCountedAndTheRunCompletes()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync(new PromptForge.Simulation.SimulatedChatClient(new PromptForge.Simulation.SimulatedChatClientOptions { Behaviors = { PromptForge.Sipdo.SipdoSimulation.Behavior, PromptForge.SynSmith.SynSmithSimulation.Behavior } }), TestContext.Current.CancellationToken);
        server.EnqueueFault(FakeServerFault.ContentFilter, times: 1);
        var cli = Cli();

        int exit = await SynthesizeAsync(cli, server);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        JsonNode first = Manifest()["metric_history"]!.AsArray()[0]!;
        first["metrics"]!["loop.content_failures"]!["value"]!.GetValue<double>().ShouldBe(1);
    }

    [Fact]
    public async Task Optimize_EndpointDiesDuringHeldOutEvaluation_ExitsInterruptedAndResumePaysOnlyTheUnsavedItems()
    {
        // A healthy run of the same seed counts every chat request; the held-out evaluation's come last.
        int total;
        await using (FakeOpenAIServer reference = await StartSimulatorServerAsync())
        {
            var healthy = Cli();
            (await OptimizeAsync(healthy, reference, "reference")).ShouldBe(ExitCodes.Success, healthy.Error.ToString());
            total = reference.RequestCount;
        }

        const int LastServed = 3;
        await using FakeOpenAIServer server = await StartSimulatorServerAsync();
        server.DieAfterRequests = total - LastServed;
        var cli = Cli();

        int exit = await OptimizeAsync(cli, server, "interrupted");

        exit.ShouldBe(ExitCodes.Interrupted, cli.Error.ToString() + cli.Out);
        cli.Error.ToString().ShouldContain("Interrupted during the held-out evaluation");
        cli.Error.ToString().ShouldContain("promptforge resume ");
        cli.Out.ToString().ShouldNotContain("Held-out evaluation on");   // no accuracy is reported from a partial evaluation
        string run = Path.Combine(_root, "runs", "interrupted");
        File.Exists(Path.Combine(run, "evaluation", "held_out.jsonl")).ShouldBeTrue();

        await server.RestartAsync(TestContext.Current.CancellationToken);
        int before = server.RequestCount;
        var resumedCli = Cli();
        int resumed = await resumedCli.RunAsync("resume", run);

        resumed.ShouldBe(ExitCodes.Success, resumedCli.Error.ToString());
        resumedCli.Out.ToString().ShouldContain("Held-out evaluation on");
        JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!["extras"]!["evaluations"]!["optimized"].ShouldNotBeNull();

        // Only the items that were not saved are paid again: the last ones served, and those in flight when it died.
        (server.RequestCount - before).ShouldBeLessThanOrEqualTo(LastServed + MaxConcurrency);
    }

    private static Task<FakeOpenAIServer> StartSimulatorServerAsync() => FakeOpenAIServer.StartAsync(
        new PromptForge.Simulation.SimulatedChatClient(new PromptForge.Simulation.SimulatedChatClientOptions { Behaviors = { PromptForge.Sipdo.SipdoSimulation.Behavior, PromptForge.SynSmith.SynSmithSimulation.Behavior } }),
        TestContext.Current.CancellationToken);

    private static Task<int> OptimizeAsync(CliHarness cli, FakeOpenAIServer server, string runId) => cli.RunAsync(
        "optimize", "bbh:causal_judgement", "--datasets", Path.Combine(AppContext.BaseDirectory, "TestData"), "--levels", "2", "--run-id", runId,
        "--endpoint", server.BaseAddress.ToString(), "--model", "fake-model", "--no-cache");

    private CliHarness Cli() => new CliHarness(_root) { TimeProvider = new AcceleratedTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero), speedup: 20) }
        .WithVariable("OPENAI_API_KEY", "sk-loopback");

    private static Task<int> SynthesizeAsync(CliHarness cli, FakeOpenAIServer server, int iterations = Iterations) => cli.RunAsync(
        "synthesize", "config.yaml", "--iterations", iterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--samples-per-iteration", SamplesPerIteration.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--endpoint", server.BaseAddress.ToString(), "--model", "fake-model", "--no-cache");

    private string SingleRun() => Directory.GetDirectories(Path.Combine(_root, "runs")).Single(d => !Path.GetFileName(d).StartsWith('.'));

    /// <summary>No generator target was given up because its call failed (a provider failure must never shrink a run).</summary>
    private void NoSampleLostToAFailedCall()
    {
        foreach (string file in Directory.EnumerateFiles(SingleRun(), "rejected_samples.jsonl", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).ShouldNotContain("generator call failed", customMessage: file);
        }
    }

    private JsonNode Manifest() => JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "manifest.json")))!;
}
