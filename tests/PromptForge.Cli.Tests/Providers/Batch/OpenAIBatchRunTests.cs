using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Tests.Fakes;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Providers.Batch;

/// <summary><c>synthesize --batch</c> against a loopback server speaking OpenAI's files and batches endpoints: the
/// generator's and the verifier's calls leave as batches, the other critics stay real-time, a restarted process polls its
/// journaled batch instead of submitting it again, and expired, failed and partially failed batches are handled.</summary>
public sealed class OpenAIBatchRunTests : IDisposable
{
    private const string Key = "sk-batch-test-key";
    private static readonly string TestData = Path.Combine(AppContext.BaseDirectory, "TestData");
    private readonly string _root = Directory.CreateTempSubdirectory("pf-batch-").FullName;

    public OpenAIBatchRunTests()
    {
        foreach (string file in Directory.GetFiles(Path.Combine(TestData, "synsmith", "customer_support")))
        {
            File.Copy(file, Path.Combine(_root, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Task<FakeOpenAIBatchServer> StartAsync() => FakeOpenAIBatchServer.StartAsync(ChatClientFactory.CreateSimulator(seed: 0));

    private CliHarness Cli() => new CliHarness(_root).WithVariable("OPENAI_API_KEY", Key);

    private static string[] Args(FakeOpenAIBatchServer server, params string[] extra) =>
    [
        "synthesize", "config.yaml", "--iterations", "2", "--samples-per-iteration", "4", "--no-cache",
        "--provider", "openai", "--endpoint", server.BaseAddress.ToString(), "--model", "fake-model",
        "--batch-poll-interval", "0.05", "--batch-collect-window", "0.3", .. extra,
    ];

    private string SingleRun() => Directory.GetDirectories(Path.Combine(_root, "runs")).Single(d => !Path.GetFileName(d).StartsWith('.'));

    private JsonObject Manifest() => JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "manifest.json")))!.AsObject();

    [Fact]
    public async Task Synthesize_WithBatch_SendsGeneratorAndVerifierCallsThroughBatchesOthersRealTime()
    {
        await using FakeOpenAIBatchServer server = await StartAsync();
        CliHarness cli = Cli();

        int exit = await cli.RunAsync([.. Args(server, "--batch")]);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        Manifest()["status"]!.GetValue<string>().ShouldBe("Completed");
        server.BatchCount.ShouldBeGreaterThanOrEqualTo(4, "the generations and the verifier packs of each iteration");
        File.ReadAllLines(Path.Combine(SingleRun(), "dataset.jsonl")).ShouldNotBeEmpty("batched generations became verified samples");
        server.RealtimeCount.ShouldBeGreaterThan(0, "the other critics and the updater stay real-time");

        // Batched requests are the generator's and the verifier's: each asks for one of their structured outputs.
        string[] schemas = server.BatchedBodies.Select(b => b["response_format"]?["json_schema"]?["name"]?.GetValue<string>() ?? "text").Distinct().ToArray();
        string[] realtime = server.RealtimeBodies.Select(b => b["response_format"]?["json_schema"]?["name"]?.GetValue<string>() ?? "text").Distinct().ToArray();
        schemas.Length.ShouldBeGreaterThanOrEqualTo(2, string.Join(", ", schemas) + " | real-time: " + string.Join(", ", realtime));
        schemas.ShouldBe(["GeneratorReply", "AttributeVerifierReply"], ignoreOrder: true);
        realtime.ShouldContain("RealismDiscriminatorReply");
        realtime.ShouldNotContain("GeneratorReply");
        server.BatchCustomIds.SelectMany(ids => ids).ShouldBeUnique("no request is paid for twice");

        JsonObject batch = JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "config.json")))!["cli"]!["batch"]!.AsObject();
        batch["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["synsmith.attribute_verifier", "synsmith.generator"]);
        batch["price_factor"]!.GetValue<decimal>().ShouldBe(0.5m);
        File.ReadAllText(Path.Combine(_root, "runs", ".batches", "journal.jsonl")).ShouldNotContain(Key);
    }

    [Fact]
    public async Task Synthesize_ProcessStoppedMidBatchThenResumed_PollsTheJournaledBatchInsteadOfResubmitting()
    {
        await using FakeOpenAIBatchServer server = await StartAsync();
        server.HoldBatches = true;
        CliHarness first = Cli();
        using var stop = new CancellationTokenSource();

        Task<int> running = first.RunAsync(stop.Token, Args(server, "--batch"));
        for (int i = 0; i < 600 && server.BatchCount == 0; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        server.BatchCount.ShouldBe(1, first.Error.ToString());
        await stop.CancelAsync();
        int stopped = await running;
        stopped.ShouldBe(ExitCodes.Cancelled, first.Error.ToString() + first.Out);
        IReadOnlyList<string> heldIds = server.BatchCustomIds[0];

        // The batch finishes while no process runs; the resumed run finds it in the journal.
        server.ReleaseBatches();
        CliHarness second = Cli();
        int exit = await second.RunAsync("resume", SingleRun());

        exit.ShouldBe(ExitCodes.Success, second.Error.ToString() + second.Out);
        Manifest()["status"]!.GetValue<string>().ShouldBe("Completed");
        server.BatchCustomIds.Skip(1).SelectMany(ids => ids).Intersect(heldIds).ShouldBeEmpty("the held batch's requests were waited for, not submitted again");
    }

    [Fact]
    public async Task Synthesize_BatchExpiresAfterOneLine_ResubmitsOnlyTheUnprocessedLines()
    {
        await using FakeOpenAIBatchServer server = await StartAsync();
        server.ExpireNextBatchAfterLines = 1;
        CliHarness cli = Cli();

        int exit = await cli.RunAsync([.. Args(server, "--batch")]);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        IReadOnlyList<string> expired = server.BatchCustomIds[0];
        expired.Count.ShouldBeGreaterThan(1);
        server.BatchCustomIds[1].ShouldBe(expired.Skip(1), ignoreOrder: true);
    }

    [Fact]
    public async Task Synthesize_BatchWithFailingLines_RetriesThoseLinesAndCompletes()
    {
        await using FakeOpenAIBatchServer server = await StartAsync();
        server.FailLinesOfNextBatch = 2;
        CliHarness cli = Cli();

        int exit = await cli.RunAsync([.. Args(server, "--batch")]);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        server.BatchCustomIds.Skip(1).SelectMany(ids => ids).ShouldContain(server.BatchCustomIds[0][0]);
        Manifest()["status"]!.GetValue<string>().ShouldBe("Completed");
    }

    [Fact]
    public async Task Synthesize_BatchFailsValidation_StopsTheRunResumablyWithTheReason()
    {
        await using FakeOpenAIBatchServer server = await StartAsync();
        server.FailNextBatch = true;
        CliHarness cli = Cli();

        int exit = await cli.RunAsync([.. Args(server, "--batch")]);

        exit.ShouldBe(ExitCodes.Interrupted, cli.Error.ToString() + cli.Out);
        Manifest()["stop_reason"]!.GetValue<string>().ShouldContain("rejected the request with 400");
        (cli.Error.ToString() + cli.Out).ShouldContain("promptforge resume");
        Manifest()["status"]!.GetValue<string>().ShouldBe("Interrupted");
    }

    [Fact]
    public async Task Synthesize_UseBatchApiInTheConfig_BatchesAsTheReferenceReadsIt()
    {
        await using FakeOpenAIBatchServer server = await StartAsync();
        File.AppendAllText(Path.Combine(_root, "config.yaml"), "\nuse_batch_api: true\n");
        CliHarness cli = Cli();

        int exit = await cli.RunAsync([.. Args(server)]);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        server.BatchCount.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Synthesize_BatchOnTheSimulator_IsAnInputErrorAndWritesNothing()
    {
        CliHarness cli = new(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--batch");

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("--batch");
        cli.Error.ToString().ShouldContain("provider is simulator");
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }
}
