using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Tests.Fakes;
using PromptForge.Cli.Tests.TestSupport;
using PromptForge.Simulation;

namespace PromptForge.Cli.Tests.Providers;

/// <summary>The providers a SynSmith config file names in its <c>*_llm</c> sections (<c>backend</c>, <c>model</c>,
/// <c>base_url</c>, <c>api_key_env</c>), with the command line overriding them.</summary>
public sealed partial class ProviderConfigFileTests : IDisposable
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "synsmith", "customer_support");
    private static readonly string[] Sections = ["generator_llm", "verifier_llm", "discriminator_llm", "auditor_llm", "updater_llm"];
    private readonly string _root = Directory.CreateTempSubdirectory("pf-provfile-").FullName;

    public ProviderConfigFileTests()
    {
        foreach (string file in Directory.GetFiles(DataDirectory))
        {
            File.Copy(file, Path.Combine(_root, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Rewrites the sections of config.yaml: each gets the given lines instead of its backend line.</summary>
    private void WriteBackends(Func<string, string> sectionLines)
    {
        string path = Path.Combine(_root, "config.yaml");
        string yaml = File.ReadAllText(path);
        foreach (string section in Sections)
        {
            yaml = Regex.Replace(yaml, $"({section}:\\n)  backend: echo\\n  model: [^\\n]+\\n(  api_key_env: [^\\n]+\\n)?", m => m.Groups[1].Value + sectionLines(section));
        }

        File.WriteAllText(path, yaml);
    }

    private static int LineOf(string yaml, string text) => yaml[..yaml.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    private string SingleRun() => Directory.GetDirectories(Path.Combine(_root, "runs")).Single(d => !Path.GetFileName(d).StartsWith('.'));

    private JsonObject RunCliConfiguration() => JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "config.json")))!["cli"]!.AsObject();

    [Fact]
    public async Task Synthesize_ConfigBackendOllamaWithBaseUrl_RunsThroughOllamaWithoutProviderOptions()
    {
        await using LoopbackProvider ollama = await LoopbackProvider.StartAsync(ProviderNames.Ollama, ChatClientFactory.CreateSimulator(17));
        WriteBackends(_ => $"  backend: ollama\n  model: llama3.2\n  base_url: {ollama.Endpoint}\n");
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4", "--no-cache");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        ollama.RequestCount.ShouldBeGreaterThan(4);
        ollama.Requests.ShouldAllBe(r => r["model"]!.GetValue<string>() == "llama3.2");
        cli.Out.ToString().ShouldNotContain("SIMULATED:");
        RunCliConfiguration()["provider"]!.GetValue<string>().ShouldBe(ProviderNames.Ollama);
    }

    [Fact]
    public async Task Synthesize_UpdaterSectionOnAnthropicOthersOnOpenAI_SendsEachSectionToItsBackend()
    {
        await using FakeOpenAIServer openai = await FakeOpenAIServer.StartFlakySimulatorAsync(TestContext.Current.CancellationToken);
        await using LoopbackProvider anthropic = await LoopbackProvider.StartAsync(ProviderNames.Anthropic, ChatClientFactory.CreateSimulator(17));
        WriteBackends(section => section != "updater_llm"
            ? $"  backend: openai\n  model: gpt-4o-mini\n  base_url: {openai.BaseAddress}\n  api_key_env: OPENAI_API_KEY\n"
            : $"  backend: anthropic\n  model: claude-haiku-4-5\n  base_url: {anthropic.Endpoint}\n  api_key_env: ANTHROPIC_API_KEY\n");
        CliHarness cli = new CliHarness(_root).WithVariable("ANTHROPIC_API_KEY", LoopbackProvider.Key).WithVariable("OPENAI_API_KEY", "sk-loopback-openai");

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "2", "--samples-per-iteration", "4", "--no-cache");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        openai.Requests.Select(r => r["model"]!.GetValue<string>()).Distinct().ShouldBe(["gpt-4o-mini"]);
        anthropic.RequestCount.ShouldBeGreaterThan(0, cli.Out.ToString());
        anthropic.Requests.ShouldAllBe(r => r["model"]!.GetValue<string>() == "claude-haiku-4-5");
        RunCliConfiguration()["role_providers"]!["updater"]!["provider"]!.GetValue<string>().ShouldBe(ProviderNames.Anthropic);
    }

    [Fact]
    public async Task Synthesize_ProviderOnCommandLine_OverridesTheConfigsBackends()
    {
        // The file names a vendor whose key is not set: --provider simulator dry-runs it anyway.
        WriteBackends(_ => "  backend: anthropic\n  model: claude-haiku-4-5\n");
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4", "--provider", "simulator");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        RunCliConfiguration()["provider"]!.GetValue<string>().ShouldBe(ProviderNames.Simulator);
    }

    [Fact]
    public async Task Synthesize_EndpointAndModelOnCommandLine_OverrideTheConfigsValues()
    {
        await using LoopbackProvider ollama = await LoopbackProvider.StartAsync(ProviderNames.Ollama, ChatClientFactory.CreateSimulator(17));
        WriteBackends(_ => "  backend: ollama\n  model: llama3.2\n  base_url: http://127.0.0.1:9\n");
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4", "--no-cache", "--endpoint", ollama.Endpoint.ToString(), "--model", "qwen3");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        ollama.Requests.ShouldNotBeEmpty();
        ollama.Requests.ShouldAllBe(r => r["model"]!.GetValue<string>() == "qwen3");
    }

    [Theory]
    [InlineData("  backend: gemini\n  model: x\n", "generator_llm.backend", "unknown backend 'gemini'")]
    [InlineData("  backend: openai\n  model: gpt-4o-mini\n  api_key_env: MY_KEY\n", "generator_llm.api_key_env", "read only from OPENAI_API_KEY")]
    [InlineData("  backend: openai\n  model: gpt-4o-mini\n", "generator_llm.backend", "OPENAI_API_KEY is not set. The openai key is read only from that environment variable; local servers on localhost need none. To run this config offline, add --provider simulator.")]
    [InlineData("  backend: ollama\n  model: llama3.2\n  base_url: ftp://x\n", "generator_llm.base_url", "is not an http(s) URL")]
    public async Task Synthesize_BadBackendValue_Exit2NamingFileLineAndField(string lines, string field, string message)
    {
        WriteBackends(_ => lines);
        string yaml = File.ReadAllText(Path.Combine(_root, "config.yaml"));
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1");

        exit.ShouldBe(ExitCodes.InputError, cli.Out.ToString());
        string error = cli.Error.ToString();
        error.ShouldContain($"config.yaml:{LineOf(yaml, "generator_llm:") + 1}");
        error.ShouldContain($"field '{field}'");
        error.ShouldContain(message);
        error.ShouldNotContain("   at ");
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    [Fact]
    public async Task Synthesize_TwoCriticSectionsOnDifferentBackends_Exit2NamingTheSecond()
    {
        WriteBackends(section => section == "discriminator_llm" ? "  backend: anthropic\n  model: claude-haiku-4-5\n" : "  backend: echo\n  model: echo\n");
        string yaml = File.ReadAllText(Path.Combine(_root, "config.yaml"));
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1");

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain($"config.yaml:{LineOf(yaml, "discriminator_llm:") + 1}");
        cli.Error.ToString().ShouldContain("field 'discriminator_llm.backend'");
    }

    [Fact]
    public void FromSynSmith_CriticSectionsOnAnotherBackend_GiveTheCriticKindItsProviderEndpointAndModel()
    {
        WriteBackends(section => section is "verifier_llm" or "discriminator_llm" or "auditor_llm"
            ? "  backend: anthropic\n  model: claude-haiku-4-5\n  base_url: http://127.0.0.1:9/\n"
            : "  backend: ollama\n  model: llama3.2\n");
        SynSmith.SynSmithConfigFile file = SynSmith.SynSmithConfigFile.Load(Path.Combine(_root, "config.yaml"));

        ProviderFileSettings settings = ProviderFileSettings.FromSynSmith(file.Backends, "config.yaml");

        settings.Defaults!.Provider.Value.ShouldBe(ProviderNames.Ollama);
        settings.Defaults.Model!.Value.ShouldBe("llama3.2");
        settings.Roles.Keys.ShouldBe([ModelRoleKind.Critic]);
        settings.Roles[ModelRoleKind.Critic].Provider.Value.ShouldBe(ProviderNames.Anthropic);
        settings.Roles[ModelRoleKind.Critic].Endpoint!.Value.ShouldBe("http://127.0.0.1:9/");
        settings.Roles[ModelRoleKind.Critic].Model!.Value.ShouldBe("claude-haiku-4-5");
    }
}
