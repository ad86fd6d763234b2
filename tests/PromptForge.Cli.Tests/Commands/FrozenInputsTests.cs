using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

/// <summary>A run keeps copies of its inputs with their hashes; resume reads the copies from any working directory and reports originals that changed.</summary>
public sealed class FrozenInputsTests : IDisposable
{
    private static readonly string SynSmithData = Path.Combine(AppContext.BaseDirectory, "TestData", "synsmith", "customer_support");
    private static readonly string[] OriginalIntents = ["refund_request", "technical_problem", "account_issue", "complaint", "general_question"];
    private readonly string _root = Directory.CreateTempSubdirectory("pf-frozen-").FullName;
    private readonly string _elsewhere = Directory.CreateTempSubdirectory("pf-elsewhere-").FullName;

    public FrozenInputsTests()
    {
        foreach (string file in Directory.GetFiles(SynSmithData))
        {
            File.Copy(file, Path.Combine(_root, Path.GetFileName(file)));
        }
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_elsewhere, recursive: true);
    }

    private string Run => Path.Combine(_root, "runs", "frozen");

    /// <summary>A one-iteration run of a three-iteration plan, saved as interrupted after iteration 1 (what Ctrl+C leaves).</summary>
    private async Task StartInterruptedRunAsync()
    {
        var cli = new CliHarness(_root);
        (await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "6", "--run-id", "frozen")).ShouldBe(ExitCodes.Success, cli.Error.ToString());
        JsonObject config = JsonNode.Parse(File.ReadAllText(Path.Combine(Run, "config.json")))!.AsObject();
        JsonArray arguments = config["cli"]!["invocation"]!["arguments"]!.AsArray();
        int index = arguments.Select(a => a!.GetValue<string>()).ToList().IndexOf("--iterations");
        arguments[index + 1] = "3";
        File.WriteAllText(Path.Combine(Run, "config.json"), config.ToJsonString());
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Run, "manifest.json")))!.AsObject();
        manifest["status"] = "Cancelled";
        File.WriteAllText(Path.Combine(Run, "manifest.json"), manifest.ToJsonString());
    }

    [Fact]
    public async Task Synthesize_NewRun_KeepsACopyOfEveryInputWithItsSha256InTheConfigRecord()
    {
        await StartInterruptedRunAsync();

        JsonArray inputs = JsonNode.Parse(File.ReadAllText(Path.Combine(Run, "config.json")))!["cli"]!["inputs"]!.AsArray();
        inputs.Select(i => i!["role"]!.GetValue<string>()).ShouldBe(["config", "schema", "real_examples"]);
        foreach (JsonNode? input in inputs)
        {
            string original = input!["path"]!.GetValue<string>();
            Path.IsPathRooted(original).ShouldBeTrue();
            byte[] copy = File.ReadAllBytes(Path.Combine(Run, input["copy"]!.GetValue<string>()));
            copy.ShouldBe(File.ReadAllBytes(original));
            input["sha256"]!.GetValue<string>().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(copy)));
        }
    }

    [Fact]
    public async Task Resume_FromAnotherWorkingDirectory_ReadsTheFrozenCopiesAndCompletes()
    {
        await StartInterruptedRunAsync();
        var elsewhere = new CliHarness(_elsewhere);

        int exit = await elsewhere.RunAsync("resume", Run);

        exit.ShouldBe(ExitCodes.Success, elsewhere.Error.ToString() + elsewhere.Out);
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Run, "manifest.json")))!;
        manifest["status"]!.GetValue<string>().ShouldBe("Completed");
        manifest["metric_history"]!.AsArray().Count.ShouldBe(3);
        elsewhere.Error.ToString().ShouldNotContain("note:");   // nothing changed
    }

    [Fact]
    public async Task Resume_AfterTheOriginalsWereEdited_UsesTheFrozenInputsAndReportsEachChangedFile()
    {
        await StartInterruptedRunAsync();
        string configBefore = File.ReadAllText(Path.Combine(Run, "config.json"));
        File.WriteAllText(Path.Combine(_root, "schema.yaml"), File.ReadAllText(Path.Combine(_root, "schema.yaml"))
            .Replace("    - technical_problem\n", "    - technical_problem\n    - brand_new_intent\n", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_root, "config.yaml"), File.ReadAllText(Path.Combine(_root, "config.yaml"))
            .Replace("initial_prompt: |", "initial_prompt: |\n  An edited prompt the resumed run must not see.", StringComparison.Ordinal));
        File.ReadAllText(Path.Combine(_root, "schema.yaml")).ShouldContain("brand_new_intent");
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("resume", Run);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        string[] notes = cli.Error.ToString().Split('\n').Where(l => l.StartsWith("note:", StringComparison.Ordinal)).ToArray();
        notes.Length.ShouldBe(2);
        notes.ShouldContain(n => n.Contains(Path.Combine(_root, "schema.yaml") + " (schema) changed since the run started", StringComparison.Ordinal));
        notes.ShouldContain(n => n.Contains(Path.Combine(_root, "config.yaml") + " (config) changed since the run started", StringComparison.Ordinal));
        string[] intents = Directory.GetFiles(Run, "samples.jsonl", SearchOption.AllDirectories)
            .SelectMany(File.ReadAllLines)
            .Select(l => JsonNode.Parse(l)!["requested_attributes"]?["intent"]?.GetValue<string>())
            .OfType<string>().Distinct().ToArray();
        intents.ShouldNotBeEmpty();
        intents.ShouldBeSubsetOf(OriginalIntents);
        File.ReadAllText(Path.Combine(Run, "config.json")).ShouldBe(configBefore);
    }
}
