using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
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
    [InlineData("provider", "not available with the simulator provider")]
    [InlineData("bert", "unknown embeddings 'bert'")]
    public async Task Synthesize_EmbeddingsNotAvailable_ExitCode2NamingTheOptionAndNothingWritten(string value, string message)
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--embeddings", value);

        exit.ShouldBe(ExitCodes.InputError, cli.Out.ToString());
        cli.Error.ToString().ShouldContain("--embeddings");
        cli.Error.ToString().ShouldContain(message);
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }
}
