using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

public sealed class AuditCommandTests : IDisposable
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "synsmith", "customer_support");
    private readonly string _root = Directory.CreateTempSubdirectory("pf-audit-").FullName;

    public AuditCommandTests()
    {
        foreach (string file in Directory.GetFiles(DataDirectory))
        {
            File.Copy(file, Path.Combine(_root, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<string> SynthesizeAsync(string runId)
    {
        var cli = new CliHarness(_root);
        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "2", "--samples-per-iteration", "6", "--seed", "4", "--embeddings", "hashed", "--out", "runs", "--run-id", runId);
        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        return Path.Combine(_root, "runs", runId);
    }

    /// <summary>Replaces the run's final dataset with the real examples themselves (every 2nd row a held-out test row).</summary>
    private (string TestSplit, int TrainCount) UseRealExamplesAsDataset(string run)
    {
        string[] real = File.ReadAllLines(Path.Combine(_root, "real_examples.jsonl")).Where(l => l.Length > 0).ToArray();
        string test = Path.Combine(_root, "test.jsonl");
        File.WriteAllLines(test, real);
        File.WriteAllLines(Path.Combine(run, "dataset.jsonl"), real);
        return (test, real.Length);
    }

    [Fact]
    public async Task Audit_DatasetEqualToTheRealExamples_SyntheticOnlyEqualsRealOnlyAndRealismIsAtTheNull()
    {
        string run = await SynthesizeAsync("same-as-real");
        (string testSplit, int count) = UseRealExamplesAsDataset(run);
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("audit", run, "--test-split", testSplit, "--embeddings", "hashed");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        JsonNode audit = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "audit.json")))!;
        audit["synthetic_count"]!.GetValue<int>().ShouldBe(count);
        audit["test_count"]!.GetValue<int>().ShouldBe(count);
        // Identical training sets train identical classifiers.
        double syntheticOnly = audit["downstream"]!["synthetic_only"]!["macro_f1"]!.GetValue<double>();
        syntheticOnly.ShouldBe(audit["downstream"]!["real_only"]!["macro_f1"]!.GetValue<double>());
        JsonArray ci = audit["downstream"]!["synthetic_only"]!["macro_f1_ci"]!.AsArray();
        ci[0]!.GetValue<double>().ShouldBeLessThanOrEqualTo(syntheticOnly);
        ci[1]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(syntheticOnly);
        audit["downstream"]!["synthetic_only"]!["per_class_f1"]!.AsObject().Count.ShouldBe(5);

        // The same texts on both sides: self-BLEU, distinct-n and Vendi agree, and MMD² is at most 0 in every space.
        foreach (string metric in new[] { "distinct_1", "distinct_2", "self_bleu_4", "vendi_score" })
        {
            audit["diversity"]!["synthetic"]![metric]!.GetValue<double>().ShouldBe(audit["diversity"]!["real"]![metric]!.GetValue<double>(), 1e-9, metric);
        }

        JsonObject spaces = audit["feature_spaces"]!.AsObject();
        spaces.Select(p => p.Key).ShouldBe(["tfidf_word", "tfidf_char", "sentence"]);
        foreach ((string space, JsonNode? figures) in spaces)
        {
            figures!["mmd2"]!.GetValue<double>().ShouldBeLessThanOrEqualTo(1e-9, space);
            figures["auroc"]!.GetValue<double>().ShouldBeLessThan(0.6, space);
            figures["auroc_real_vs_real"].ShouldNotBeNull(space);
            figures["mmd2_real_vs_real"].ShouldNotBeNull(space);
        }

        JsonArray sweep = audit["n_real_sweep"]!.AsArray();
        sweep.Select(p => p!["per_class"]!.GetValue<int>()).ShouldBe([1, 2, 4, 8]);
        sweep[^1]!["n_real"]!.GetValue<int>().ShouldBe(count);

        string output = cli.Out.ToString();
        output.ShouldContain("SIMULATED");
        output.ShouldContain("n_real sweep");
        output.ShouldContain("tfidf_char");
        output.ShouldContain("self_bleu_4");
    }

    [Fact]
    public async Task Audit_TwoRunsWithEnsemble_WritesTheEnsembleAndTheReportShowsTheAuditSection()
    {
        string first = await SynthesizeAsync("run-a");
        string second = await SynthesizeAsync("run-b");
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("audit", first, second, "--ensemble", "--embeddings", "hashed");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        JsonNode audit = JsonNode.Parse(File.ReadAllText(Path.Combine(second, "audit.json")))!;
        audit["test_source"]!.GetValue<string>().ShouldStartWith("half of the real examples");
        JsonObject members = audit["ensemble"]!["members"]!.AsObject();
        members.Select(p => p.Key).ShouldBe(["run-a", "run-b", "ensemble"]);
        members["ensemble"]!["train_size"]!.GetValue<int>().ShouldBe(members["run-a"]!["train_size"]!.GetValue<int>() + members["run-b"]!["train_size"]!.GetValue<int>());
        cli.Out.ToString().ShouldContain("Cross-run ensemble");

        (await cli.RunAsync("report", second, "--out", Path.Combine(_root, "report.html"))).ShouldBe(ExitCodes.Success, cli.Error.ToString());
        string html = File.ReadAllText(Path.Combine(_root, "report.html"));
        html.ShouldContain("<section class=\"audit\"><h2>Audit</h2>");
        html.ShouldContain("Cross-run ensemble");
        html.IndexOf("class=\"headline\"", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("<h2>Prompt lineage</h2>", StringComparison.Ordinal));
        html.IndexOf("<h2>Prompt lineage</h2>", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("<h2>Audit</h2>", StringComparison.Ordinal));
        html.IndexOf("<h2>Audit</h2>", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("<h2>Metrics across iterations</h2>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Audit_MissingRun_ExitCode2NamingTheFolder()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("audit", "runs/nope");

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("runs/nope");
        cli.Error.ToString().ShouldContain("does not exist");
        cli.Error.ToString().ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Audit_BadTestSplitLine_ExitCode2NamingFileLineAndFieldAndWritesNothing()
    {
        string run = await SynthesizeAsync("bad-split");
        string split = Path.Combine(_root, "bad.jsonl");
        File.WriteAllLines(split, [File.ReadAllLines(Path.Combine(_root, "real_examples.jsonl"))[0], "{\"text\": \"hello\"}"]);
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("audit", run, "--test-split", split, "--embeddings", "hashed");

        exit.ShouldBe(ExitCodes.InputError);
        string error = cli.Error.ToString();
        error.ShouldContain("bad.jsonl");
        error.ShouldContain("2");
        error.ShouldContain("label");
        File.Exists(Path.Combine(run, "audit.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task Audit_DatasetRowWithoutText_ExitCode2NamingLineAndField()
    {
        string run = await SynthesizeAsync("bad-dataset");
        File.AppendAllText(Path.Combine(run, "dataset.jsonl"), "{\"label\": \"complaint\"}\n");
        int line = File.ReadAllLines(Path.Combine(run, "dataset.jsonl")).Length;
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("audit", run, "--embeddings", "hashed");

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain($"dataset.jsonl:{line}");
        cli.Error.ToString().ShouldContain("text");
    }
}
