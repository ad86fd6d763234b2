using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.Fakes;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

[Collection(nameof(ToyLoopCommand))]
public sealed class LoopCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pf-loop-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private CliHarness Cli() => new CliHarness(_root) { ExtraCommands = [ToyLoopCommand.Create] };

    private string SingleRun() => Directory.GetDirectories(Path.Combine(_root, "runs")).Single(d => !Path.GetFileName(d).StartsWith('.'));

    [Fact]
    public async Task Toy_NoEndpoint_RunsOnSimulatorAndEveryOutputSaysSo()
    {
        CliHarness cli = Cli();

        int exit = await cli.RunAsync("toy", "--iterations", "2", "--seed", "5");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        cli.Out.ToString().ShouldContain("offline simulator");
        cli.Out.ToString().ShouldContain("SIMULATED");
        cli.Out.ToString().ShouldContain("[iteration 2] done");
        string run = SingleRun();
        JsonNode config = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!;
        config["cli"]!["provider"]!.GetValue<string>().ShouldBe("simulator");
        config["cli"]!["invocation"]!["arguments"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["--iterations", "2", "--seed", "5"]);

        int inspect = await cli.RunAsync("inspect", run);
        inspect.ShouldBe(ExitCodes.Success);
        cli.Out.ToString().ShouldContain("SIMULATED");
        cli.Out.ToString().ShouldContain("mean_length");
    }

    [Fact]
    public async Task Toy_OpenAICompatibleEndpoint_RunsThroughSdkAndHttpDespiteFaultsAndNeverStoresTheKey()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.RequiredApiKey = "sk-test-secret";
        server.EnqueueFault(FakeServerFault.ServerError);
        server.RetryAfterSeconds = 0;
        server.EnqueueFault(FakeServerFault.RateLimited);
        CliHarness cli = Cli().WithVariable("OPENAI_API_KEY", "sk-test-secret");

        int exit = await cli.RunAsync("toy", "--iterations", "2", "--endpoint", server.BaseAddress.ToString(), "--model", "fake-model", "--no-cache");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        server.RequestCount.ShouldBe(4 + 2);   // 2 iterations x 2 samples, plus the two failed attempts that were retried
        cli.Out.ToString().ShouldNotContain("SIMULATED");
        cli.Out.ToString().ShouldContain("fake-model");
        foreach (string file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).ShouldNotContain("sk-test-secret", customMessage: file);
        }

        cli.Out.ToString().ShouldNotContain("sk-test-secret");
    }

    [Fact]
    public async Task Toy_RejectedKey_ReportsTheRejectedKeyWithExitCode1()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.RequiredApiKey = "right";
        CliHarness cli = Cli().WithVariable("OPENAI_API_KEY", "wrong");

        int exit = await cli.RunAsync("toy", "--endpoint", server.BaseAddress.ToString(), "--model", "m");

        exit.ShouldBe(ExitCodes.Failure);
        cli.Error.ToString().ShouldContain("rejected the API key");
        server.ModelsRequestCount.ShouldBe(1);
        server.RequestCount.ShouldBe(0);   // found by the endpoint check: no chat call, no retry
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    [Fact]
    public async Task Toy_UnreachableEndpoint_ReportsUnreachableQuicklyAndWritesNothing()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        CliHarness cli = Cli().WithVariable("OPENAI_API_KEY", "k");
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        int exit = await cli.RunAsync("toy", "--endpoint", $"http://127.0.0.1:{port}/v1", "--model", "m");

        exit.ShouldBe(ExitCodes.Failure, cli.Error.ToString() + cli.Out);
        cli.Error.ToString().ShouldContain("could not be reached");
        cli.Error.ToString().ShouldContain($"127.0.0.1:{port}");
        elapsed.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));   // not retried call after call
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    [Fact]
    public async Task Toy_MissingKeyForRemoteEndpoint_ExitCode2AndNothingWritten()
    {
        CliHarness cli = Cli();

        int exit = await cli.RunAsync("toy", "--endpoint", "https://api.openai.com/v1", "--model", "gpt-4o-mini");

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("OPENAI_API_KEY");
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    [Fact]
    public async Task Toy_CancelledMidRun_SavesRunPrintsResumeCommandAndResumeCompletesIt()
    {
        CliHarness cli = Cli();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        ToyLoopCommand.CancelSource = cancel;
        ToyLoopCommand.CancelAtIteration = 2;
        int exit;
        try
        {
            exit = await cli.RunAsync(cancel.Token, "toy", "--iterations", "3");
        }
        finally
        {
            ToyLoopCommand.CancelSource = null;
            ToyLoopCommand.CancelAtIteration = int.MaxValue;
        }

        exit.ShouldBe(ExitCodes.Cancelled, cli.Error.ToString() + cli.Out);
        string run = SingleRun();
        string relativeRun = Path.GetRelativePath(_root, run);
        cli.Error.ToString().ShouldContain($"promptforge resume {relativeRun}");
        JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!["status"]!.GetValue<string>().ShouldBe("Cancelled");

        int resumed = await cli.RunAsync("resume", relativeRun);   // the printed command, as the user copies it

        resumed.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "manifest.json")))!;
        manifest["status"]!.GetValue<string>().ShouldBe("Completed");
        manifest["metric_history"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task Resume_RunNotStartedByTheTool_ExitCode2()
    {
        using var fixture = new RunFolderFixture();
        var cli = new CliHarness(fixture.Root);

        int exit = await cli.RunAsync("resume", fixture.RunDirectory);

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("cli.invocation");
    }
}

[CollectionDefinition(nameof(ToyLoopCommand), DisableParallelization = true)]
public sealed class ToyLoopCommandCollection;
