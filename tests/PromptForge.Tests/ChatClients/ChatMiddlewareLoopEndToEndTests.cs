using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using PromptForge.Simulation;
using PromptForge.Testing;

namespace PromptForge.Tests.ChatClients;

/// <summary>
/// The whole middleware stack (resilience, rate limiting, response cache, telemetry) over a faulty simulator,
/// driving a real <see cref="PromptLoop"/> whose components call the model through the gateway.
/// </summary>
public sealed class ChatMiddlewareLoopEndToEndTests : IDisposable
{
    private readonly string _cacheDirectory = Path.Combine(Path.GetTempPath(), "promptforge-e2e-tests", Path.GetRandomFileName());

    public void Dispose()
    {
        if (Directory.Exists(_cacheDirectory))
        {
            Directory.Delete(_cacheDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_FullStackOverFaultySimulator_CompletesAndIdenticalRerunIsServedFromCache()
    {
        var token = TestContext.Current.CancellationToken;
        var simulator = new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 11 });
        var faults = new FaultInjectingChatClient(
            simulator,
            new FaultInjectionOptions { Seed = 5, RateLimitedRate = 0.15, ServerErrorRate = 0.15, RetryAfter = TimeSpan.FromMilliseconds(5) });
        using var client = faults
            .WithResilience(new ChatResilienceOptions
            {
                MaxRetryAttempts = 12,
                BaseDelay = TimeSpan.FromMilliseconds(1),
                MaxDelay = TimeSpan.FromMilliseconds(20),
                EnableCircuitBreaker = false,
                JitterSeed = 3,
            })
            .WithRateLimiting(new ChatRateLimitOptions { RequestsPerMinute = 10_000, TokensPerMinute = 10_000_000 })
            .WithResponseCache(new FileDistributedCache(_cacheDirectory))
            .WithTelemetry();

        var first = await BuildLoop(client).RunAsync("Answer the customer's question in one sentence.", token);
        int modelCallsAfterFirstRun = faults.CallCount;

        first.Status.ShouldBe(RunStatus.Completed, first.StopReason);
        first.MetricHistory.Count.ShouldBe(3);
        first.PromptHistory.Count.ShouldBeGreaterThan(1);
        first.Usage.Total.Calls.ShouldBe(3 * (4 + 4 + 1)); // per iteration: 4 generations, 4 answers, 1 rewrite
        faults.TotalInjected.ShouldBeGreaterThan(0);

        // Every call not served by the cache reached the simulator once successfully; failed attempts were retried.
        (faults.CallCount - faults.TotalInjected).ShouldBe((int)(first.Usage.Total.Calls - first.Usage.Total.CachedCalls));

        var second = await BuildLoop(client).RunAsync("Answer the customer's question in one sentence.", token);

        second.Status.ShouldBe(RunStatus.Completed, second.StopReason);
        second.Usage.Total.Calls.ShouldBe(first.Usage.Total.Calls);
        second.Usage.Total.CachedCalls.ShouldBe(second.Usage.Total.Calls);
        faults.CallCount.ShouldBe(modelCallsAfterFirstRun);
        second.FinalPrompt.Text.ShouldBe(first.FinalPrompt.Text);
        second.Samples.Select(s => s.Input).ShouldBe(first.Samples.Select(s => s.Input));
    }

    [Fact]
    public async Task RunAsync_LoopOnHostPipeline_EveryAttemptTakesAPermitAndRerunIsServedFromCache()
    {
        // The README's host pipeline: services.AddChatClient(inner).UseOpenTelemetry().Use<PromptForge stages>(), a loop from DI.
        var token = TestContext.Current.CancellationToken;
        var simulator = new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 11 });
        var faults = new FaultInjectingChatClient(
            simulator,
            new FaultInjectionOptions { Seed = 5, RateLimitedRate = 0.15, ServerErrorRate = 0.15, RetryAfter = TimeSpan.Zero });
        var services = new ServiceCollection();
        services.AddChatClient(faults)
            .UseOpenTelemetry()
            .UsePromptForgeTelemetry()
            .UseResponseCache(new FileDistributedCache(_cacheDirectory))
            .UseResilience(o => { o.MaxRetryAttempts = 12; o.BaseDelay = TimeSpan.Zero; o.MaxDelay = TimeSpan.Zero; o.EnableCircuitBreaker = false; })
            .UseRateLimiting(o => { o.RequestsPerMinute = 10_000; o.TokensPerMinute = 10_000_000; });
        services.AddSingleton<IRunStore>(new InMemoryRunStore());
        services.AddPromptForge(o => o.RunsDirectory = _cacheDirectory)
            .ConfigureLoop("e2e", (loop, _) => loop
                .WithGenerator(new GatewayGenerator())
                .WithCritic(new GatewayCritic())
                .WithPromptUpdater(new GatewayUpdater())
                .WithMaxIterations(3)
                .WithSamplesPerIteration(4)
                .WithMaxConcurrency(4)
                .WithSeed(42));
        using var provider = services.BuildServiceProvider();
        var limiter = provider.GetRequiredService<IChatClient>().GetService<RateLimitingChatClient>().ShouldNotBeNull();
        var loops = provider.GetRequiredService<IPromptLoopFactory>();

        var first = await loops.Create("e2e").RunAsync("Answer the customer's question in one sentence.", token);
        var attemptsAfterFirstRun = faults.CallCount;
        var second = await loops.Create("e2e").RunAsync("Answer the customer's question in one sentence.", token);

        first.Status.ShouldBe(RunStatus.Completed, first.StopReason);
        first.Usage.Total.Calls.ShouldBe(3 * (4 + 4 + 1));
        faults.TotalInjected.ShouldBeGreaterThan(0);
        limiter.RequestLimiterStatistics!.TotalSuccessfulLeases.ShouldBe(attemptsAfterFirstRun, "every attempt, retries included, took a permit");
        second.Status.ShouldBe(RunStatus.Completed, second.StopReason);
        second.Usage.Total.CachedCalls.ShouldBe(second.Usage.Total.Calls);
        faults.CallCount.ShouldBe(attemptsAfterFirstRun);
        second.FinalPrompt.Text.ShouldBe(first.FinalPrompt.Text);
    }

    [Fact]
    public async Task ResumeAsync_AfterCrashWithCacheOn_NoCompletedCallIsPaidTwice()
    {
        var token = TestContext.Current.CancellationToken;
        const string Prompt = "Answer the customer's question in one sentence.";

        var referenceModel = new CountingChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 11 }));
        using var referenceClient = referenceModel.WithResponseCache(new FileDistributedCache(Path.Combine(_cacheDirectory, "reference")));
        var uninterrupted = await BuildLoop(referenceClient, new InMemoryRunStore(), "run").RunAsync(Prompt, token);

        // Session 1 crashes while committing iteration 2 (its journal line; line 0 is written at creation): its model
        // calls are done, its commit is lost.
        var store = new InMemoryRunStore();
        int checkpoints = 0;
        store.BeforeWrite = (_, path) =>
        {
            if (path == "iterations.jsonl" && ++checkpoints == 3)
            {
                throw new IOException("simulated crash");
            }
        };
        var firstSession = new CountingChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 11 }));
        using (var client = firstSession.WithResponseCache(new FileDistributedCache(Path.Combine(_cacheDirectory, "resumed"))))
        {
            await Should.ThrowAsync<IOException>(() => BuildLoop(client, store, "run").RunAsync(Prompt, token));
        }

        store.BeforeWrite = null;

        // Session 2: a new process (new cache instance over the same folder, new model client) resumes the run.
        var secondSession = new CountingChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 11 }));
        using var resumedClient = secondSession.WithResponseCache(new FileDistributedCache(Path.Combine(_cacheDirectory, "resumed")));
        var resumed = await BuildLoop(resumedClient, store, "run").ResumeAsync("run", token);

        resumed.Status.ShouldBe(RunStatus.Completed, resumed.StopReason);
        resumed.FinalPrompt.Text.ShouldBe(uninterrupted.FinalPrompt.Text);
        firstSession.Calls.ShouldBeGreaterThan(referenceModel.Calls / 2, "the crash should come after iteration 2's calls");
        (firstSession.Calls + secondSession.Calls).ShouldBe(referenceModel.Calls, "iteration 2 is redone from the cache, iteration 3 is paid once");
    }

    private static PromptLoop BuildLoop(IChatClient client, IRunStore? store = null, string? runId = null)
    {
        var builder = PromptLoop.Create()
            .WithChatClient(client)
            .WithGenerator(new GatewayGenerator())
            .WithCritic(new GatewayCritic())
            .WithPromptUpdater(new GatewayUpdater())
            .WithRunStore(store ?? new InMemoryRunStore())
            .WithMaxIterations(3)
            .WithSamplesPerIteration(4)
            .WithMaxConcurrency(4)
            .WithSeed(42);
        return (runId is null ? builder : builder.WithRunId(runId)).Build();
    }

    /// <summary>Counts the calls that reach the model (below the cache).</summary>
    private sealed class CountingChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return base.GetResponseAsync(messages, options, cancellationToken);
        }
    }

    /// <summary>Writes each sample with one generator call (distinct requests by index).</summary>
    private sealed class GatewayGenerator : IGenerator
    {
        public async Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
        {
            var calls = Enumerable.Range(0, context.SampleCount).Select(i =>
                context.Models.GetResponseAsync(
                    new ModelRequest(new ModelRole("e2e.generate", ModelRoleKind.Generator), "Write one customer question.", $"Topic: order {i}, from prompt v{context.Prompt.Version}.")
                    {
                        CacheDiscriminator = $"sample-{i}",
                    },
                    cancellationToken));
            var responses = await Task.WhenAll(calls);
            var samples = responses.Select((r, i) => new Sample
            {
                Id = SampleIds.Create(context.Iteration, i),
                Input = r.Text,
                Provenance = new SampleProvenance { Iteration = context.Iteration, PromptVersion = context.Prompt.Version },
            }).ToList();
            return new GenerationResult { Samples = samples };
        }
    }

    /// <summary>Answers every sample with the task model under the current prompt and reports the answered share.</summary>
    private sealed class GatewayCritic : CriticBase
    {
        public override string Name => "answered";

        public override IReadOnlyCollection<string> MetricNames => ["answered_rate"];

        public override async Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
        {
            var answers = await Task.WhenAll(context.Samples.Select(s =>
                context.Models.GetResponseAsync(new ModelRequest(new ModelRole("e2e.answer", ModelRoleKind.Task), context.Prompt.Text, s.Input), cancellationToken)));
            var answered = answers.Count(a => !string.IsNullOrWhiteSpace(a.Text));
            return new Critique
            {
                CriticName = Name,
                Metrics = new Dictionary<string, MetricValue> { ["answered_rate"] = MetricValue.Measured((double)answered / answers.Length, answers.Length) },
                Verdicts = context.Samples.Zip(answers, (s, a) => new SampleVerdict { SampleId = s.Id, Passed = !string.IsNullOrWhiteSpace(a.Text), Answer = a.Text }).ToList(),
            };
        }
    }

    /// <summary>Asks the updater model for one rule and appends it.</summary>
    private sealed class GatewayUpdater : IPromptUpdater
    {
        public async Task<PromptUpdate> UpdateAsync(PromptUpdateContext context, CancellationToken cancellationToken = default)
        {
            var response = await context.Models.GetResponseAsync(
                new ModelRequest(new ModelRole("e2e.rewrite", ModelRoleKind.Updater), "Suggest one rule for the prompt.", context.Current.Text),
                cancellationToken);
            return new PromptUpdate
            {
                Decision = PromptUpdateDecision.Accepted,
                NewText = $"{context.Current.Text}\nRule {context.Iteration}: {response.Text}",
                Motivation = "e2e",
            };
        }
    }
}
