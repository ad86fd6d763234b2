using System.Net.Http;
using System.Text.Json.Serialization;
using PromptForge.Testing;
using PromptForge.Tests.Fakes;

namespace PromptForge.Tests.Loop;

/// <summary>Failure semantics of the loop: provider failures interrupt resumably, content failures are counted, and the
/// acceptance gate abstains on a partial measurement.</summary>
public sealed partial class PromptLoopFailureTests
{
    [JsonSerializable(typeof(Reply))]
    internal sealed partial class FailureTestsJsonContext : JsonSerializerContext;

    internal sealed class Reply
    {
        public required string Text { get; init; }
    }

    [Fact]
    public async Task RunAsync_CriticFailsWhileCandidateOnTrial_GateAbstainsAndCandidateIsMeasuredAgain()
    {
        // v0 scores 5 and v1 scores 9, but the critic cannot measure in iteration 2, the candidate's first trial.
        var updater = new AppendingUpdater(PromptUpdateDecision.Candidate);
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new FlakyCritic(v => v == 0 ? 5 : 9, failIn: 2))
            .WithPromptUpdater(updater)
            .WithObjective(new QualityObjective())
            .WithAcceptanceGate(new NoRegressionGate())
            .WithMaxIterations(3)
            .Build();

        var result = await loop.RunAsync("p");

        result.Status.ShouldBe(RunStatus.Completed);
        result.MetricHistory[1].GateDecision!.ShouldStartWith("abstained: critic quality could not measure");
        result.MetricHistory[1].Objective.ShouldBeNull();
        result.MetricHistory[1].NextPromptVersion.ShouldBe(1);   // still on trial, nothing new proposed on top of it
        result.MetricHistory[2].PromptVersion.ShouldBe(1);       // measured again
        result.MetricHistory[2].GateDecision!.ShouldStartWith("accepted:");
        result.PromptHistory.Single(p => p.Version == 1).Status.ShouldBe(PromptVersionStatus.Accepted);
        updater.Contexts.Select(c => c.Iteration).ShouldBe([1, 3]);
    }

    [Fact]
    public async Task RunAsync_ObjectiveInputNotMeasured_GateAbstainsAndNothingIsAcceptedOrScored()
    {
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new FlakyCritic(_ => 5, notMeasuredIn: 2))
            .WithCritic(new ScoreByVersionCritic(_ => 1, "other"))
            .WithPromptUpdater(new AppendingUpdater(PromptUpdateDecision.Candidate))
            .WithObjective(new OtherObjective())
            .WithAcceptanceGate(new AcceptEverythingGate())
            .WithMaxIterations(2)
            .Build();

        var result = await loop.RunAsync("p");

        result.MetricHistory[1].GateDecision!.ShouldStartWith("abstained: objective input quality not measured (no judged samples)");
        var candidate = result.PromptHistory.Single(p => p.Version == 1);
        candidate.Status.ShouldBe(PromptVersionStatus.Candidate);
        candidate.Score.ShouldBeNull();
        result.BestPrompt.Version.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_ProviderFailureInCritic_InterruptsDiscardsTheIterationAndSavesTheStatus()
    {
        var store = new InMemoryRunStore();
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new FlakyCritic(_ => 5, failIn: 2, failure: () => new ModelServiceException("The model endpoint rejected the API key (401 Unauthorized).", 401)))
            .WithPromptUpdater(new AppendingUpdater(PromptUpdateDecision.Accepted))
            .WithRunStore(store)
            .WithMaxIterations(3)
            .Build();

        var result = await loop.RunAsync("p");

        result.Status.ShouldBe(RunStatus.Interrupted);
        result.StopReason!.ShouldStartWith("the model provider rejected the credentials: ");
        result.MetricHistory.Count.ShouldBe(1);
        result.Samples.Count.ShouldBe(1);   // iteration 2's samples were discarded with it
        var manifest = await store.ReadJsonAsync(result.RunId, "manifest.json", PromptForgeJsonContext.Default.RunManifest);
        manifest!.Status.ShouldBe(RunStatus.Interrupted);
        manifest.IterationsCompleted.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_ConnectionRefusedThroughTheGateway_InterruptsAndSendsNothingMore()
    {
        int sent = 0;
        var client = new FakeChatClient((_, _) =>
        {
            Interlocked.Increment(ref sent);
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");
        });
        var loop = PromptLoop.Create()
            .WithChatClient(client)
            .WithGenerator(new ModelCallingGenerator(calls: 6, sequential: true))
            .WithMaxIterations(2)
            .Build();

        var result = await loop.RunAsync("p");

        result.Status.ShouldBe(RunStatus.Interrupted);
        result.StopReason!.ShouldStartWith("the model provider is unavailable: ");
        result.MetricHistory.ShouldBeEmpty();
        sent.ShouldBe(1);   // the 5 later calls were refused by the gateway without reaching the endpoint
    }

    [Fact]
    public async Task RunAsync_ContentFailuresAboveTheShare_Interrupted()
    {
        var loop = PromptLoop.Create()
            .WithChatClient(FakeChatClient.Constant("not json at all"))
            .WithGenerator(new ModelCallingGenerator(calls: 4))
            .WithMaxIterations(2)
            .Build();

        var result = await loop.RunAsync("p");

        result.Status.ShouldBe(RunStatus.Interrupted);
        result.StopReason!.ShouldStartWith("4 of 4 model calls in iteration 1 ended in a content failure");
        result.MetricHistory.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_ContentFailuresWithinTheShare_AreCountedInTheIterationRecord()
    {
        var client = new FakeChatClient((messages, _) => messages.Any(m => m.Text == "sample 0") ? "not json" : """{"Text":"ok"}""");
        var loop = PromptLoop.Create()
            .WithChatClient(client)
            .WithGenerator(new ModelCallingGenerator(calls: 4))
            .WithMaxIterations(1)
            .Build();

        var result = await loop.RunAsync("p");

        // The first call and its repair were both invalid: one content failure among four calls (25%, not above it).
        result.Status.ShouldBe(RunStatus.Completed);
        result.MetricHistory[0].ContentFailureCount.ShouldBe(1);
        result.MetricHistory[0].ModelCallCount.ShouldBe(4);
        result.MetricHistory[0].Metrics["loop.content_failures"].ShouldBe(MetricValue.Measured(1, 4));
        result.MetricHistory[0].RejectedSampleCount.ShouldBe(1);
    }

    /// <summary>A critic scoring "quality" by version that fails (or cannot measure) in one iteration.</summary>
    private sealed class FlakyCritic(Func<int, double> score, int failIn = 0, int notMeasuredIn = 0, Func<Exception>? failure = null) : CriticBase
    {
        public override string Name => "quality";

        public override IReadOnlyCollection<string> MetricNames => ["quality"];

        public override Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
        {
            if (context.Iteration == failIn)
            {
                throw failure?.Invoke() ?? new StructuredOutputException(ModelRole.Critic, "{", "invalid JSON");
            }

            var value = context.Iteration == notMeasuredIn ? MetricValue.NotMeasured("no judged samples") : MetricValue.Measured(score(context.Prompt.Version), context.Samples.Count);
            return Task.FromResult(new Critique { CriticName = Name, Metrics = new Dictionary<string, MetricValue> { ["quality"] = value } });
        }
    }

    private sealed class OtherObjective : IPromptObjective
    {
        public IReadOnlyCollection<string> InputMetrics => ["quality", "other.quality"];

        // Scores on one input alone, as an objective that leaves unmeasured axes out would: a partial score.
        public double? Score(IterationRecord iteration) => iteration.Metrics.TryGetValue("other.quality", out var v) ? v.Value : null;
    }

    private sealed class AcceptEverythingGate : IPromptAcceptanceGate
    {
        public GateDecision Evaluate(IterationRecord candidate, IterationRecord baseline) => GateDecision.Accept("anything goes");
    }

    /// <summary>A generator that asks the model for each sample and rejects a sample whose reply stayed malformed.</summary>
    private sealed class ModelCallingGenerator(int calls, bool sequential = false) : IGenerator
    {
        private static readonly ModelRole Role = new("test.generator", ModelRoleKind.Generator);

        public async Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
        {
            var outcomes = new List<(int Index, string? Text)>();
            if (sequential)
            {
                for (int i = 0; i < calls; i++)
                {
                    outcomes.Add(await CallAsync(i));
                }
            }
            else
            {
                outcomes.AddRange(await Task.WhenAll(Enumerable.Range(0, calls).Select(CallAsync)));
            }

            Sample ToSample((int Index, string? Text) o) => new() { Id = SampleIds.Create(context.Iteration, o.Index), Input = o.Text ?? "(malformed)" };
            return new GenerationResult
            {
                Samples = outcomes.Where(o => o.Text is not null).Select(ToSample).ToList(),
                Rejected = outcomes.Where(o => o.Text is null).Select(ToSample).ToList(),
            };

            async Task<(int, string?)> CallAsync(int index)
            {
                try
                {
                    var reply = await context.Models.GetStructuredResponseAsync(new ModelRequest(Role, "write", $"sample {index}"), FailureTestsJsonContext.Default.Reply, cancellationToken: cancellationToken);
                    return (index, reply.Value.Text);
                }
                catch (Exception ex) when (ModelFailureClassifier.IsContentFailure(ex))
                {
                    return (index, null);
                }
            }
        }
    }
}
