using System.Text.Json;
using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Loop;

public sealed class PairedGateRunTests
{
    private static string? Discriminator(RecordedCall call) =>
        call.Options?.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.CacheDiscriminator, out var value) == true ? value?.ToString() : null;

    private static string Targets(RecordedCall call) => call.UserJson["targets"]!.ToJsonString();

    [Fact]
    public async Task RunAsync_GateIteration_IncumbentWritesTheSameTargetsAsMeasurementOnlySamples()
    {
        var model = new FakeSynSmithModel { Rewrite = (prompt, _) => prompt + " Vary openers." };

        var run = await SynSmithRuns.RunAsync(model.Client, o => o.Condition = SynSmithCondition.FullClassic, iterations: 2, samples: 8);

        var generator = model.Client.CallsFor("synsmith.generator");
        var incumbent = generator.Where(c => Discriminator(c) == "gate-incumbent").ToArray();
        var candidate = generator.Where(c => c.System.Contains("Vary openers.", StringComparison.Ordinal)).ToArray();
        incumbent.Length.ShouldBe(8);
        candidate.Length.ShouldBe(8);
        incumbent.Select(Targets).Order(StringComparer.Ordinal).ShouldBe(candidate.Select(Targets).Order(StringComparer.Ordinal));
        incumbent.ShouldAllBe(c => !c.System.Contains("Vary openers.", StringComparison.Ordinal));

        // Measurement only: never among the run's samples; their calls are counted and named in the decision.
        run.Samples.Count.ShouldBe(16);
        run.Samples.ShouldAllBe(s => !s.Id.Contains("incumbent", StringComparison.Ordinal));
        var gated = run.MetricHistory[1];
        // 8 generator calls (one sample per call) + 1 verifier call (batch of 8) + 1 realism call for the incumbent's batch.
        gated.Metrics[GateMeasurementCritic.ExtraCallsMetric].Value!.Value.ShouldBe(10);
        gated.GateDecision.ShouldNotBeNull();
        gated.GateDecision.ShouldContain("paired on 8 target vectors against incumbent v0");
        run.MetricHistory[0].GateDecision.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_RewriteNoBetterThanTheIncumbent_IsRolledBackAndItsSamplesLeaveTheDataset()
    {
        // The rewrite changes nothing the fake model reacts to: paired work shows no improvement, so it is rolled back.
        var model = new FakeSynSmithModel { Rewrite = (prompt, _) => prompt + " (reworded)" };
        var schema = TestData.CustomerSupportSchema();

        var run = await SynSmithRuns.RunAsync(model.Client, o => o.Condition = SynSmithCondition.FullClassic, iterations: 2, samples: 8);

        run.PromptHistory.Single(p => p.Version == 1).Status.ShouldBe(PromptVersionStatus.Rejected);
        run.MetricHistory[1].GateDecision!.ShouldStartWith("rejected: no improvement distinguishable from noise");
        var kept = SynSmithDatasetExporter.Collect(run, schema);
        var all = SynSmithDatasetExporter.Collect(run, schema, includeUnverified: false, includeRolledBack: true);
        kept.ShouldNotBeEmpty();
        kept.ShouldAllBe(s => s.PromptVersion == 0 && s.Iteration == 1);
        all.ShouldContain(s => s.PromptVersion == 1 && s.Iteration == 2);
    }

    [Fact]
    public async Task Create_ReferenceFiles_HaveTheReferencesNamesPerIteration()
    {
        var model = new FakeSynSmithModel();
        var schema = TestData.CustomerSupportSchema();
        var run = await SynSmithRuns.RunAsync(model.Client, iterations: 2, samples: 8);

        var files = SynSmithReferenceFiles.Create(run, schema);

        foreach (var folder in new[] { "reference/iter_000", "reference/iter_001" })
        {
            foreach (var file in new[] { "prompt.txt", "targets.jsonl", "attribute_verdicts.jsonl", "realism_verdicts.jsonl", "diversity_report.json", "metrics.json", "generation.json" })
            {
                files.ContainsKey($"{folder}/{file}").ShouldBeTrue($"{folder}/{file}");
            }
        }

        var targets = files["reference/iter_000/targets.jsonl"].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        targets.Length.ShouldBe(8);
        foreach (var target in targets)
        {
            target.GetProperty("sample_id").GetString()!.ShouldStartWith("i001-");
            target.GetProperty("intent").GetString().ShouldNotBeNullOrEmpty();
        }
        var verdict = JsonDocument.Parse(files["reference/iter_000/attribute_verdicts.jsonl"].Split('\n')[0]).RootElement;
        verdict.TryGetProperty("attribute_match", out _).ShouldBeTrue();
        verdict.TryGetProperty("failed_attributes", out _).ShouldBeTrue();
        var metrics = JsonDocument.Parse(files["reference/iter_001/metrics.json"]).RootElement;
        foreach (var name in new[] { "attribute_match_rate", "discriminator_accuracy", "coverage_classifier_auroc", "banned_phrasings_total", "entropy/intent", "coverage/intent", "self_bleu_4", "mmd2_real", "regenerated_label_targets" })
        {
            metrics.TryGetProperty(name, out _).ShouldBeTrue(name);
        }

        metrics.GetProperty("self_bleu_4").ValueKind.ShouldBe(JsonValueKind.Number);
        metrics.GetProperty("mmd2_real").ValueKind.ShouldBe(JsonValueKind.Number);
        JsonDocument.Parse(files["reference/iter_000/diversity_report.json"]).RootElement.GetProperty("coverage").GetProperty("intent").ValueKind.ShouldBe(JsonValueKind.Number);
        JsonDocument.Parse(files["reference/iter_001/generation.json"]).RootElement.GetProperty("regenerated_label_targets").ValueKind.ShouldBe(JsonValueKind.Number);
        files["reference/iter_000/prompt.txt"].ShouldBe(SynSmithRuns.InitialPrompt);
    }

    [Fact]
    public async Task UseSynSmith_ConfigBatchSizes_VerifierBatchSizeOneReproducesTheReference()
    {
        using var folder = new TestData.TempFolder();
        var source = File.ReadAllText(TestData.File("customer_support", "config.yaml"))
            .Replace("n_comparisons: 8", "n_comparisons: 8\n  comparisons_per_call: 2", StringComparison.Ordinal)
            + "\nverifier:\n  batch_size: 1\n";
        foreach (var name in new[] { "schema.yaml", "real_examples.jsonl" })
        {
            folder.Write(name, File.ReadAllText(TestData.File("customer_support", name)));
        }

        var path = folder.Write("config.yaml", source
            .Replace("examples/customer_support/schema.yaml", "schema.yaml", StringComparison.Ordinal)
            .Replace("examples/customer_support/real_examples.jsonl", "real_examples.jsonl", StringComparison.Ordinal));
        var model = new FakeSynSmithModel();

        await PromptLoop.Create()
            .WithChatClient(model.Client)
            .UseSynSmith(SynSmithConfigFile.Load(path))
            .WithMaxIterations(1)
            .WithSamplesPerIteration(8)
            .Build()
            .RunAsync(SynSmithRuns.InitialPrompt);

        model.Client.CallsFor("synsmith.attribute_verifier").Count.ShouldBe(8);
        model.Client.CallsFor("synsmith.attribute_verifier").ShouldAllBe(c => c.Options!.MaxOutputTokens == 400);
        model.Client.CallsFor("synsmith.pack_discriminator").Count.ShouldBe(4);
    }
}
