using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Tests.Fakes;
using PromptForge.Cli.Tests.TestSupport;
using PromptForge.Simulation;
using PromptForge.SynSmith;
using PromptForge.Testing;

namespace PromptForge.Cli.Tests.Providers;

/// <summary><c>synthesize</c> and <c>optimize</c> through each provider's SDK and its own loopback server (content from the
/// offline simulator behind the wire, first calls failing transiently), and one run with roles on two vendors.</summary>
public sealed class ProviderRunTests : IDisposable
{
    private static readonly string TestData = Path.Combine(AppContext.BaseDirectory, "TestData");
    private readonly string _root = Directory.CreateTempSubdirectory("pf-prov-").FullName;

    public ProviderRunTests()
    {
        foreach (string file in Directory.GetFiles(Path.Combine(TestData, "synsmith", "customer_support")))
        {
            File.Copy(file, Path.Combine(_root, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string SingleRun() => Directory.GetDirectories(Path.Combine(_root, "runs")).Single(d => !Path.GetFileName(d).StartsWith('.'));

    private JsonObject Manifest() => JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "manifest.json")))!.AsObject();

    private static async Task<LoopbackProvider> StartFlakyAsync(string name, IChatClient? backend = null)
    {
        LoopbackProvider provider = await LoopbackProvider.StartAsync(name, backend ?? new SimulatedChatClient());
        provider.EnqueueFault(ProviderServerFault.RateLimited);
        provider.EnqueueFault(ProviderServerFault.ServerError);
        return provider;
    }

    private CliHarness Cli(LoopbackProvider provider)
    {
        var cli = new CliHarness(_root);
        return provider.KeyVariable is { } variable ? cli.WithVariable(variable, LoopbackProvider.Key) : cli;
    }

    [Theory]
    [MemberData(nameof(LoopbackProvider.Names), MemberType = typeof(LoopbackProvider))]
    public async Task Synthesize_ThroughTheProvidersSdkAndWireFormat_CompletesWithSamplesAndVerdicts(string name)
    {
        // Behind the wire, the SynSmith simulator answers each role (the role is read back from the reply schema).
        var backend = new SchemaRoleChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Behaviors = { SynSmithSimulation.Behavior } }));
        await using LoopbackProvider provider = await StartFlakyAsync(name, backend);
        CliHarness cli = Cli(provider);

        int exit = await cli.RunAsync(["synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4", "--no-cache", .. provider.Options()]);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        provider.RequestCount.ShouldBeGreaterThan(6);
        Manifest()["status"]!.GetValue<string>().ShouldBe("Completed");
        // Every sample went through the SDK and back: written by the generator, then a verdict for each from the
        // attribute verifier and the realism discriminator (how many pass is the simulator's business, not the wire's).
        string[] samples = File.ReadAllLines(Path.Combine(SingleRun(), "iter_001", "samples.jsonl"));
        samples.Length.ShouldBe(4);
        JsonNode metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "iter_001", "metrics.json")))!["metrics"]!;
        metrics["attribute_match_rate"]!["n"]!.GetValue<int>().ShouldBe(4);
        metrics["attribute_verifier_missing_verdicts"]!["value"]!.GetValue<double>().ShouldBe(0);
        metrics["discriminator_accuracy"]!["n"]!.GetValue<int>().ShouldBe(8);
        metrics["discriminator_missing_verdicts"]!["value"]!.GetValue<double>().ShouldBe(0);
        cli.Out.ToString().ShouldNotContain("SIMULATED:");
        File.ReadAllText(Path.Combine(SingleRun(), "config.json")).ShouldContain($"\"provider\": \"{name}\"");
        Directory.EnumerateFiles(SingleRun(), "*", SearchOption.AllDirectories).ShouldAllBe(f => !File.ReadAllText(f).Contains(LoopbackProvider.Key));
    }

    [Theory]
    [MemberData(nameof(LoopbackProvider.Names), MemberType = typeof(LoopbackProvider))]
    public async Task Optimize_ThroughTheProvidersSdkAndWireFormat_Completes(string name)
    {
        await using LoopbackProvider provider = await StartFlakyAsync(name);
        CliHarness cli = Cli(provider);

        int exit = await cli.RunAsync(["optimize", "bbh:causal_judgement", "--datasets", TestData, "--levels", "1", "--no-cache", .. provider.Options()]);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        provider.RequestCount.ShouldBeGreaterThan(6);
        Manifest()["extras"]!["evaluations"]!["optimized"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Optimize_TaskAndUpdaterOnAnthropicOtherRolesOnOllama_SendsEachRoleToItsVendor()
    {
        await using LoopbackProvider ollama = await LoopbackProvider.StartAsync(ProviderNames.Ollama, new SimulatedChatClient());
        await using LoopbackProvider anthropic = await LoopbackProvider.StartAsync(ProviderNames.Anthropic, new SimulatedChatClient());
        CliHarness cli = new CliHarness(_root).WithVariable("ANTHROPIC_API_KEY", LoopbackProvider.Key);

        int exit = await cli.RunAsync(
            "optimize", "bbh:causal_judgement", "--datasets", TestData, "--levels", "1", "--no-cache",
            "--provider", "ollama", "--endpoint", ollama.Endpoint.ToString(), "--model", "llama3.2",
            "--task-provider", "anthropic", "--task-endpoint", anthropic.Endpoint.ToString(), "--task-model", "claude-sonnet-4-5",
            "--updater-provider", "anthropic", "--updater-endpoint", anthropic.Endpoint.ToString(), "--updater-model", "claude-opus-4-1");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        ollama.RequestCount.ShouldBeGreaterThan(0);
        ollama.Requests.ShouldAllBe(r => r["model"]!.GetValue<string>() == "llama3.2");
        string[] anthropicModels = anthropic.Requests.Select(r => r["model"]!.GetValue<string>()).Distinct().ToArray();
        anthropicModels.ShouldContain("claude-sonnet-4-5");   // the task model answers every held-out question
        anthropicModels.ShouldBeSubsetOf(["claude-sonnet-4-5", "claude-opus-4-1"]);
        JsonObject cliSection = JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "config.json")))!["cli"]!.AsObject();
        cliSection["role_providers"]!["task"]!["provider"]!.GetValue<string>().ShouldBe("anthropic");
        cliSection["role_providers"]!["updater"]!["model"]!.GetValue<string>().ShouldBe("claude-opus-4-1");
        cli.Out.ToString().ShouldContain("task: anthropic");
        ollama.Server.ModelListCount.ShouldBe(1);      // every vendor's endpoint is checked before the run
        anthropic.Server.ModelListCount.ShouldBe(1);
    }
}
