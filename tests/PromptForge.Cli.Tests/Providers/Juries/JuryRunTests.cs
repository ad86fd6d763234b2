using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Tests.Fakes;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Providers.Juries;

/// <summary><c>synthesize --jury</c>: a verifier jury of two OpenAI models and one Anthropic model, each juror's calls
/// reaching its own vendor's loopback server under its own model name, the jury's agreement reported per iteration.</summary>
public sealed class JuryRunTests : IDisposable
{
    private static readonly string TestData = Path.Combine(AppContext.BaseDirectory, "TestData");
    private readonly string _root = Directory.CreateTempSubdirectory("pf-jury-").FullName;

    public JuryRunTests()
    {
        foreach (string file in Directory.GetFiles(Path.Combine(TestData, "synsmith", "customer_support")))
        {
            File.Copy(file, Path.Combine(_root, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string SingleRun() => Directory.GetDirectories(Path.Combine(_root, "runs")).Single(d => !Path.GetFileName(d).StartsWith('.'));

    [Fact]
    public async Task Synthesize_VerifierJuryAcrossTwoVendors_SendsEachJurorToItsVendorAndReportsAgreement()
    {
        await using FakeOpenAIBatchServer openai = await FakeOpenAIBatchServer.StartAsync(ChatClientFactory.CreateSimulator(seed: 0));
        await using LoopbackProvider anthropic = await LoopbackProvider.StartAsync(ProviderNames.Anthropic, ChatClientFactory.CreateSimulator(seed: 1));
        CliHarness cli = new CliHarness(_root).WithVariable("OPENAI_API_KEY", "sk-openai-test").WithVariable("ANTHROPIC_API_KEY", LoopbackProvider.Key);

        int exit = await cli.RunAsync(
            "synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4", "--no-cache",
            "--provider", "openai", "--endpoint", openai.BaseAddress.ToString(), "--model", "fake-model",
            "--jury", $"attribute_verifier=gpt-a,gpt-b,anthropic:claude-juror@{anthropic.Endpoint}");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        string[] openaiVerifierModels = openai.RealtimeBodies
            .Where(b => b["response_format"]?["json_schema"]?["name"]?.GetValue<string>() == "AttributeVerifierReply")
            .Select(b => b["model"]!.GetValue<string>()).Distinct().Order().ToArray();
        openaiVerifierModels.ShouldBe(["gpt-a", "gpt-b"]);
        anthropic.Requests.Select(r => r["model"]!.GetValue<string>()).Distinct().ShouldBe(["claude-juror"]);

        JsonObject manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "manifest.json")))!.AsObject();
        manifest["metric_history"]![0]!["metrics"]!.AsObject().ContainsKey("attribute_verifier_jury_kappa").ShouldBeTrue();
        JsonObject jurors = JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "config.json")))!["cli"]!["jurors"]!.AsObject();
        jurors.Select(j => j.Key).ShouldBe([$"anthropic:claude-juror@{anthropic.Endpoint}"]);
        File.ReadAllText(Path.Combine(SingleRun(), "config.json")).ShouldNotContain(LoopbackProvider.Key);
    }

    [Theory]
    [InlineData("verifier=gpt-a,gpt-b", "not critic=juror")]
    [InlineData("attribute_verifier=gpt-a", "at least two different jurors")]
    [InlineData("attribute_verifier=gpt-a,gpt-a", "at least two different jurors")]
    public async Task Synthesize_MalformedJury_IsAnInputErrorAndWritesNothing(string jury, string message)
    {
        CliHarness cli = new CliHarness(_root).WithVariable("OPENAI_API_KEY", "sk-openai-test");

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--provider", "openai", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--jury", jury);

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain(message);
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }
}
