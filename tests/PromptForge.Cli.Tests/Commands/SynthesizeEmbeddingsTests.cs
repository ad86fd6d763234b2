using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.Fakes;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

/// <summary><c>synthesize --embeddings minilm|hashed|provider</c>: the embedder behind the critics and the downstream figures.</summary>
public sealed class SynthesizeEmbeddingsTests : IDisposable
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "synsmith", "customer_support");
    private readonly string _root = Directory.CreateTempSubdirectory("pf-syn-emb-").FullName;

    public SynthesizeEmbeddingsTests()
    {
        foreach (string file in Directory.GetFiles(DataDirectory))
        {
            File.Copy(file, Path.Combine(_root, Path.GetFileName(file)));
        }

        string[] real = File.ReadAllLines(Path.Combine(_root, "real_examples.jsonl")).Where(l => l.Trim().Length > 0).ToArray();
        File.WriteAllLines(Path.Combine(_root, "test.jsonl"), real.TakeLast(real.Length / 2));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string SingleRun() => Directory.GetDirectories(Path.Combine(_root, "runs")).Single(d => !Path.GetFileName(d).StartsWith('.'));

    [Theory]
    [InlineData(null, "minilm", "sentence-transformers/all-MiniLM-L6-v2")]
    [InlineData("hashed", "hashed", "hashed-ngram-v1")]
    public async Task Synthesize_Embeddings_RecordedInConfigAndDownstreamAndPrintedWithTheFigures(string? option, string choice, string model)
    {
        var cli = new CliHarness(_root);
        string[] arguments = ["synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "6", "--test-split", "test.jsonl"];

        int exit = await cli.RunAsync(option is null ? arguments : [.. arguments, "--embeddings", option]);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        JsonNode config = JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "config.json")))!;
        config["embeddings"]!["choice"]!.GetValue<string>().ShouldBe(choice);
        config["embeddings"]!["model"]!.GetValue<string>().ShouldBe(model);
        JsonNode downstream = JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "manifest.json")))!["extras"]!["downstream"]!;
        downstream["embeddings"]!["choice"]!.GetValue<string>().ShouldBe(choice);
        downstream["real_only"]!["accuracy"]!.GetValue<double>().ShouldBeInRange(0, 1);
        string output = cli.Out.ToString();
        output.ShouldContain($"embeddings {choice} ({model})");
        output.Split('\n').Single(l => l.TrimStart().StartsWith("real_only", StringComparison.Ordinal)).ShouldContain($"{choice})");
    }

    [Theory]
    [InlineData(new[] { "--embeddings", "provider" }, "--embeddings-model", "needs --embeddings-model")]
    [InlineData(new[] { "--embeddings", "provider", "--embeddings-model", "m" }, "--embeddings", "the simulator has no embedding model")]
    [InlineData(new[] { "--embeddings-model", "m" }, "--embeddings-model", "it needs --embeddings provider")]
    [InlineData(new[] { "--embeddings", "bert" }, "--embeddings", "unknown embeddings 'bert'")]
    public async Task Synthesize_EmbeddingsNotAvailable_ExitCode2NamingTheOptionAndNothingWritten(string[] options, string field, string message)
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync(["synthesize", "config.yaml", .. options]);

        exit.ShouldBe(ExitCodes.InputError, cli.Out.ToString());
        cli.Error.ToString().ShouldContain($"field '{field}'");
        cli.Error.ToString().ShouldContain(message);
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    [Fact]
    public async Task Synthesize_EmbeddingsProviderOnOpenAI_EmbedsThroughTheEndpointAndRecordsTheEmbedder()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartFlakySimulatorAsync(TestContext.Current.CancellationToken);
        CliHarness cli = new CliHarness(_root).WithVariable("OPENAI_API_KEY", "sk-loopback-emb");

        int exit = await cli.RunAsync(
            "synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4", "--test-split", "test.jsonl", "--no-cache",
            "--provider", "openai", "--endpoint", server.BaseAddress.ToString(), "--model", "fake-model",
            "--embeddings", "provider", "--embeddings-model", "text-embedding-3-small");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        server.Embeddings.Requests.ShouldNotBeEmpty();
        server.Embeddings.Requests.ShouldAllBe(r => r["model"]!.GetValue<string>() == "text-embedding-3-small");
        AssertEmbedderRecorded("openai", "text-embedding-3-small", server.Embeddings, cli, "sk-loopback-emb");
    }

    [Fact]
    public async Task Synthesize_EmbeddingsProviderOnAzure_EmbedsThroughTheDeploymentsEmbeddingsRoute()
    {
        await using var azure = await FakeAzureOpenAIServer.StartAsync(PromptForge.Cli.Providers.ChatClientFactory.CreateSimulator(0), TestContext.Current.CancellationToken);
        azure.RequiredApiKey = "azure-key-for-embeddings-test";
        var cli = new CliHarness(_root).WithVariable("AZURE_OPENAI_API_KEY", azure.RequiredApiKey);

        int exit = await cli.RunAsync(
            "synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4", "--test-split", "test.jsonl", "--no-cache",
            "--provider", "azure", "--endpoint", azure.RootAddress.ToString(), "--model", "gpt-4o-mini",
            "--embeddings", "provider", "--embeddings-model", "embed-deployment");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        azure.EmbeddingDeployments.ShouldNotBeEmpty();
        azure.EmbeddingDeployments.ShouldAllBe(d => d == "embed-deployment");
        AssertEmbedderRecorded("azure", "embed-deployment", azure.Embeddings, cli, secret: azure.RequiredApiKey);
    }

    [Fact]
    public async Task Synthesize_EmbeddingsProviderOnOllama_EmbedsThroughApiEmbed()
    {
        await using var ollama = await FakeOllamaServer.StartAsync(PromptForge.Cli.Providers.ChatClientFactory.CreateSimulator(0), TestContext.Current.CancellationToken);
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync(
            "synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4", "--test-split", "test.jsonl", "--no-cache",
            "--provider", "ollama", "--endpoint", ollama.RootAddress.ToString(), "--model", "llama3.2",
            "--embeddings", "provider", "--embeddings-model", "nomic-embed-text");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        ollama.Embeddings.Requests.ShouldAllBe(r => r["model"]!.GetValue<string>() == "nomic-embed-text");
        AssertEmbedderRecorded("ollama", "nomic-embed-text", ollama.Embeddings, cli, secret: null);
    }

    [Fact]
    public async Task Synthesize_EmbeddingsProviderOnAnthropic_ExitCode2SayingAnthropicHasNoEmbeddingsApi()
    {
        CliHarness cli = new CliHarness(_root).WithVariable("ANTHROPIC_API_KEY", "sk-ant-x");

        int exit = await cli.RunAsync(
            "synthesize", "config.yaml", "--provider", "anthropic", "--endpoint", "http://127.0.0.1:9", "--model", "claude-haiku-4-5",
            "--embeddings", "provider", "--embeddings-model", "voyage-3");

        exit.ShouldBe(ExitCodes.InputError, cli.Out.ToString());
        cli.Error.ToString().ShouldContain("Anthropic has no embeddings API");
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    /// <summary>The held-out texts went through the endpoint, each once (the run caches embeddings by text), and the run
    /// folder names the embedder with its provider and model, never a key.</summary>
    private void AssertEmbedderRecorded(string provider, string model, FakeEmbeddings embeddings, CliHarness cli, string? secret)
    {
        string[] testTexts = File.ReadAllLines(Path.Combine(_root, "test.jsonl")).Select(l => JsonNode.Parse(l)!["text"]!.GetValue<string>()).ToArray();
        testTexts.ShouldBeSubsetOf(embeddings.Texts);
        embeddings.Texts.Count(t => t == testTexts[0]).ShouldBe(1);
        JsonNode config = JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "config.json")))!;
        config["embeddings"]!["choice"]!.GetValue<string>().ShouldBe("provider");
        config["embeddings"]!["provider"]!.GetValue<string>().ShouldBe(provider);
        config["embeddings"]!["model"]!.GetValue<string>().ShouldBe(model);
        JsonNode downstream = JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "manifest.json")))!["extras"]!["downstream"]!;
        downstream["embeddings"]!["model"]!.GetValue<string>().ShouldBe(model);
        cli.Out.ToString().ShouldContain($"embeddings provider ({provider} {model})");
        if (secret is not null)
        {
            Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).ShouldAllBe(f => !File.ReadAllText(f).Contains(secret));
        }
    }
}
