using System.Text;
using System.Text.Json;
using PromptForge.Testing;
using PromptForge.Tests.Fakes;

namespace PromptForge.Tests.Loop;

public sealed class PromptLoopPersistenceTests
{
    /// <summary>A deterministic model-backed setup: generator, critic and updater all call the gateway.</summary>
    private static PromptLoopBuilder CreateBuilder(IRunStore store, LoopBudget? budget = null)
    {
        var builder = PromptLoop.Create()
            .WithChatClient(new FakeChatClient((messages, _) => "echo:" + messages[^1].Text.Length))
            .WithGenerator(new ModelBackedGenerator())
            .WithCritic(new ScoreByVersionCritic(v => 10 - v))
            .WithPromptUpdater(new AppendingUpdater(PromptUpdateDecision.Candidate))
            .WithObjective(new QualityObjective())
            .WithAcceptanceGate(new NoRegressionGate())
            .WithRunStore(store)
            .WithSeed(11)
            .WithMaxIterations(4)
            .WithSamplesPerIteration(2)
            .WithRunConfiguration("provider", new System.Text.Json.Nodes.JsonObject { ["api_key"] = "sk-secret", ["api_key_env"] = "OPENAI_API_KEY", ["max_output_tokens"] = 5 });
        if (budget is not null)
        {
            builder.WithBudget(budget);
        }

        return builder;
    }

    [Fact]
    public async Task RunAsync_WithStore_WritesLayoutJournalLinePerIterationAndManifestAtStartAndEnd()
    {
        var store = new InMemoryRunStore();
        var manifestsSeen = new List<int>();
        store.BeforeWrite = (_, path) =>
        {
            if (path == "manifest.json")
            {
                manifestsSeen.Add(manifestsSeen.Count);
            }
        };

        var result = await CreateBuilder(store).Build().RunAsync("initial");

        var files = store.Files(result.RunId).Keys.ToList();
        files.ShouldContain("config.json");
        files.ShouldContain("manifest.json");
        files.ShouldContain("checkpoint.json");
        foreach (int i in new[] { 1, 2, 3, 4 })
        {
            files.ShouldContain($"iter_{i:000}/prompt.txt");
            files.ShouldContain($"iter_{i:000}/samples.jsonl");
            files.ShouldContain($"iter_{i:000}/metrics.json");
            files.ShouldContain($"iter_{i:000}/critics/score.json");
        }

        // Written when the run is created and when it stops; each iteration commits one journal line instead.
        manifestsSeen.Count.ShouldBe(2);
        store.ReadText(result.RunId, "iterations.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(5);
        using var manifest = JsonDocument.Parse(store.ReadText(result.RunId, "manifest.json"));
        manifest.RootElement.GetProperty("status").GetString().ShouldBe("Completed");
        manifest.RootElement.GetProperty("metric_history").GetArrayLength().ShouldBe(4);
        // v0 and the candidates v1..v3 of iterations 1..3; the final iteration proposes no candidate it could never measure.
        manifest.RootElement.GetProperty("prompt_history").GetArrayLength().ShouldBe(4);
        manifest.RootElement.GetProperty("final_prompt_version").GetInt32().ShouldBe(result.FinalPrompt.Version);
        manifest.RootElement.GetProperty("best_prompt_version").GetInt32().ShouldBe(result.BestPrompt.Version);
        manifest.RootElement.GetProperty("usage").GetProperty("total").GetProperty("calls").GetInt64().ShouldBeGreaterThan(0);
        store.ReadText(result.RunId, "iter_002/samples.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_GeneratorReportsDetails_SavedAsGenerationJsonInTheIterationFolder()
    {
        var store = new InMemoryRunStore();
        var result = await PromptLoop.Create()
            .WithGenerator(new DetailedGenerator())
            .WithCritic(new ScoreByVersionCritic(_ => 1))
            .WithRunStore(store)
            .WithSeed(3)
            .WithMaxIterations(2)
            .Build()
            .RunAsync("initial");

        using var details = JsonDocument.Parse(store.ReadText(result.RunId, "iter_002/generation.json"));
        details.RootElement.GetProperty("iteration").GetInt32().ShouldBe(2);
        details.RootElement.GetProperty("chosen").GetString().ShouldBe("i002-s0000");
    }

    /// <summary>One sample per round and details naming the round.</summary>
    private sealed class DetailedGenerator : IGenerator
    {
        public Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
        {
            var id = SampleIds.Create(context.Iteration, 0);
            return Task.FromResult(new GenerationResult
            {
                Samples = [new Sample { Id = id, Input = "x" + context.Iteration, Provenance = new SampleProvenance { Iteration = context.Iteration, PromptVersion = context.Prompt.Version } }],
                Details = JsonDocument.Parse($$"""{"iteration": {{context.Iteration}}, "chosen": "{{id}}"}""").RootElement.Clone(),
            });
        }
    }

    [Fact]
    public async Task RunAsync_ConfigWithSecrets_IsRedactedButKeepsEnvVarNames()
    {
        var store = new InMemoryRunStore();

        var result = await CreateBuilder(store).Build().RunAsync("initial");

        string config = store.ReadText(result.RunId, "config.json");
        config.ShouldNotContain("sk-secret");
        config.ShouldContain("OPENAI_API_KEY");
        config.ShouldContain("\"max_output_tokens\": 5");
    }

    [Fact]
    public async Task RunAsync_BudgetReachedMidRun_StopsCleanlyKeepingBestPrompt()
    {
        var store = new InMemoryRunStore();

        // Each iteration makes 2 generator calls; 5 calls allow two full iterations and stop inside the third.
        var result = await CreateBuilder(store, new LoopBudget { MaxCalls = 5 }).Build().RunAsync("initial");

        result.Status.ShouldBe(RunStatus.BudgetExhausted);
        result.StopReason!.ShouldContain("call budget");
        result.MetricHistory.Count.ShouldBe(2);
        result.BestPrompt.Version.ShouldBe(0);
        store.ReadText(result.RunId, "manifest.json").ShouldContain("\"status\": \"BudgetExhausted\"");
    }

    [Fact]
    public async Task RunAsync_Cancelled_SavesManifestAsCancelledAndThrows()
    {
        var store = new InMemoryRunStore();
        using var cts = new CancellationTokenSource();
        var loop = CreateBuilder(store).WithGenerator(new ModelBackedGenerator { OnIteration = i => { if (i == 3) { cts.Cancel(); } } }).Build();

        await Should.ThrowAsync<OperationCanceledException>(() => loop.RunAsync("initial", cts.Token));

        string runId = (await store.ListRunsAsync()).Single();
        using var manifest = JsonDocument.Parse(store.ReadText(runId, "manifest.json"));
        manifest.RootElement.GetProperty("status").GetString().ShouldBe("Cancelled");
        manifest.RootElement.GetProperty("iterations_completed").GetInt32().ShouldBe(2);
    }

    /// <summary>Every write of an uninterrupted run, counted on a reference run, so no point is skipped.</summary>
    public static TheoryData<int> InterruptionPoints()
    {
        var store = new InMemoryRunStore();
        int writes = 0;
        store.BeforeWrite = (_, _) => writes++;
        _ = CreateBuilder(store).WithRunId("run").Build().RunAsync("initial").GetAwaiter().GetResult();
        return new(Enumerable.Range(1, writes));
    }

    [Theory]
    [MemberData(nameof(InterruptionPoints))]
    public async Task ResumeAsync_AfterCrashAtAnyWrite_EndsWithSameArtifactsAsUninterruptedRun(int crashAtWrite)
    {
        var reference = new InMemoryRunStore();
        var uninterrupted = await CreateBuilder(reference).WithRunId("run").Build().RunAsync("initial");

        var store = new InMemoryRunStore();
        int writes = 0;
        store.BeforeWrite = (_, _) =>
        {
            if (++writes == crashAtWrite)
            {
                throw new IOException("simulated crash");
            }
        };
        var loop = CreateBuilder(store).WithRunId("run").Build();
        var crash = await Should.ThrowAsync<IOException>(() => loop.RunAsync("initial"));
        crash.Message.ShouldBe("simulated crash");
        store.BeforeWrite = null;

        RunResult resumed;
        if (store.Files("run").ContainsKey("checkpoint.json"))
        {
            resumed = await loop.ResumeAsync("run");
        }
        else
        {
            // Crashed while the run was being created (this store cannot create it atomically): nothing was spent; the error says so.
            var ex = await Should.ThrowAsync<InvalidDataException>(() => loop.ResumeAsync("run"));
            ex.Message.ShouldContain("interrupted while it was being created");
            return;
        }

        resumed.Status.ShouldBe(RunStatus.Completed);
        resumed.BestPrompt.Version.ShouldBe(uninterrupted.BestPrompt.Version);
        foreach (var (path, bytes) in reference.Files("run").Where(f => f.Key.StartsWith("iter_", StringComparison.Ordinal)))
        {
            Encoding.UTF8.GetString(store.Files("run")[path]).ShouldBe(Encoding.UTF8.GetString(bytes), $"artifact {path} differs after resume");
        }

        store.Files("run").Keys.Order().ShouldBe(reference.Files("run").Keys.Order());
        Histories(store).ShouldBe(Histories(reference));
    }

    [Fact]
    public async Task ResumeAsync_CorruptCheckpoint_FailsNamingTheFileAndChangesNothing()
    {
        var store = new InMemoryRunStore();
        var loop = CreateBuilder(store).WithRunId("run").Build();
        await loop.RunAsync("initial");
        await store.WriteFileAsync("run", "checkpoint.json", Encoding.UTF8.GetBytes("{ not json"));
        var before = store.Files("run").ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());

        var ex = await Should.ThrowAsync<InvalidDataException>(() => loop.ResumeAsync("run"));

        ex.Message.ShouldContain("checkpoint.json");
        ex.Message.ShouldContain("corrupt");
        store.Files("run").Keys.Order().ShouldBe(before.Keys.Order());
        store.Files("run").ShouldAllBe(kv => kv.Value.SequenceEqual(before[kv.Key]));
    }

    [Fact]
    public async Task ResumeAsync_CorruptManifest_FailsNamingTheFileAndChangesNothing()
    {
        var store = new InMemoryRunStore();
        var loop = CreateBuilder(store).WithRunId("run").Build();
        await loop.RunAsync("initial");
        await store.WriteFileAsync("run", "manifest.json", Encoding.UTF8.GetBytes("{\"run_id\": 12"));
        var before = store.Files("run").ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());

        var ex = await Should.ThrowAsync<InvalidDataException>(() => loop.ResumeAsync("run"));

        ex.Message.ShouldContain("manifest.json");
        ex.Message.ShouldContain("corrupt");
        store.Files("run").Keys.Order().ShouldBe(before.Keys.Order());
        store.Files("run").ShouldAllBe(kv => kv.Value.SequenceEqual(before[kv.Key]));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void WithRunId_PathCharacters_ThrowsNamingTheProblem(string runId)
    {
        Should.Throw<ArgumentException>(() => PromptLoop.Create().WithRunId(runId));
    }

    [Fact]
    public async Task ResumeAsync_UnknownRun_Throws()
    {
        var loop = CreateBuilder(new InMemoryRunStore()).Build();

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => loop.ResumeAsync("nope"));

        ex.Message.ShouldContain("nope");
    }

    [Fact]
    public async Task ResumeAsync_WithoutStore_Throws()
    {
        var loop = PromptLoop.Create().WithGenerator(new CountingGenerator()).Build();

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => loop.ResumeAsync("run"));

        ex.Message.ShouldContain("WithRunStore");
    }

    private static string Histories(InMemoryRunStore store)
    {
        using var manifest = JsonDocument.Parse(store.ReadText("run", "manifest.json"));
        var root = manifest.RootElement;
        return root.GetProperty("prompt_history").GetRawText() + root.GetProperty("final_prompt_version").GetRawText()
            + string.Join("|", root.GetProperty("metric_history").EnumerateArray().Select(m => m.GetProperty("metrics").GetRawText() + m.GetProperty("decision").GetRawText()));
    }

    private sealed class ModelBackedGenerator : IGenerator
    {
        public Action<int>? OnIteration { get; init; }

        public async Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
        {
            OnIteration?.Invoke(context.Iteration);
            var samples = new List<Sample>();
            for (int i = 0; i < context.SampleCount; i++)
            {
                var reply = await context.Models.GetResponseAsync(
                    new ModelRequest(ModelRole.Generator, context.Prompt.Text, $"write sample {i} #{context.Random.Next(100)}"), cancellationToken);
                samples.Add(new Sample { Id = SampleIds.Create(context.Iteration, i), Input = reply.Text, Expected = "x" });
            }

            return new GenerationResult { Samples = samples };
        }
    }
}
