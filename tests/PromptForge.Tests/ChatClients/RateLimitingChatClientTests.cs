using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PromptForge.Testing;

namespace PromptForge.Tests.ChatClients;

/// <summary>
/// Rate limiting on a <see cref="FakeTimeProvider"/>: the clock moves only when a test advances it, and a test advances it
/// only once every started call has either finished or is waiting in the limiter's queue, so outcomes never depend on
/// how fast a loaded machine runs the continuations.
/// </summary>
public sealed class RateLimitingChatClientTests
{
    private static readonly TimeSpan Segment = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new();
    private readonly DateTimeOffset _start;

    public RateLimitingChatClientTests()
    {
        _start = _clock.GetUtcNow();
    }

    [Fact]
    public async Task GetResponseAsync_ThirtyTwoConcurrentLoops_NeverExceedRequestsPerMinute()
    {
        const int RequestsPerMinute = 10;
        var model = new ScriptedChatClient(_clock).RespondWith(call => $"answer {call.Number}");
        using var client = new ChatClientBuilder(model)
            .UseRateLimiting(o => { o.RequestsPerMinute = RequestsPerMinute; o.SegmentsPerWindow = 6; })
            .Build(Services());
        var limiter = client.GetService<RateLimitingChatClient>().ShouldNotBeNull();
        var token = TestContext.Current.CancellationToken;

        // 32 loops sharing one client, each making 3 dependent calls.
        var loops = Enumerable.Range(0, 32).Select(loop => RunLoopAsync(client, loop, steps: 3, token)).ToArray();
        await DriveAsync(loops, () => limiter.RequestLimiterStatistics!.CurrentQueuedCount);

        var calls = model.Calls;
        calls.Count.ShouldBe(96);
        var perWindow = MaxCallsInAnyWindow(calls.Select(c => c.Timestamp), segmentsPerWindow: 6);
        perWindow.ShouldBeLessThanOrEqualTo(RequestsPerMinute);
        perWindow.ShouldBe(RequestsPerMinute, "the limiter should let the full budget through, not throttle below it");
        (calls[^1].Timestamp - calls[0].Timestamp).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(9));
    }

    [Fact]
    public async Task GetResponseAsync_TokensPerMinute_LimitsEstimatedTokensPerWindow()
    {
        // Each call is estimated at 1 input token + 300 output tokens: three fit in 1000 tokens, four do not.
        const int TokensPerCall = 301;
        var model = new ScriptedChatClient(_clock).RespondWith(_ => "ok");
        using var client = new ChatClientBuilder(model).UseRateLimiting(o => o.TokensPerMinute = 1000).Build(Services());
        var limiter = client.GetService<RateLimitingChatClient>().ShouldNotBeNull();
        var options = new ChatOptions { MaxOutputTokens = 300 };
        var token = TestContext.Current.CancellationToken;

        var calls = Enumerable.Range(0, 8).Select(_ => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], options, token)).ToArray();
        await DriveAsync(calls, () => limiter.TokenLimiterStatistics!.CurrentQueuedCount / TokensPerCall);

        model.Calls.Count.ShouldBe(8);
        MaxCallsInAnyWindow(model.Calls.Select(c => c.Timestamp), segmentsPerWindow: 6).ShouldBe(3);
    }

    [Fact]
    public async Task GetResponseAsync_InsideResilience_EveryAttemptTakesANewPermit()
    {
        // The recommended order: resilience (outer), rate limiting (inner), provider. Two 429s, then an answer.
        var model = new ScriptedChatClient(_clock).RespondWith(_ => "ok");
        var faults = new FaultInjectingChatClient(model).FailNext(2, FaultKind.RateLimited);
        using var client = new ChatClientBuilder(faults)
            .UseResilience(o => { o.BaseDelay = TimeSpan.Zero; o.MaxDelay = TimeSpan.Zero; o.UseJitter = false; o.EnableCircuitBreaker = false; })
            .UseRateLimiting(o => o.RequestsPerMinute = 100)
            .Build(Services());

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken);

        response.Text.ShouldBe("ok");
        faults.CallCount.ShouldBe(3);
        var statistics = client.GetService<RateLimitingChatClient>().ShouldNotBeNull().RequestLimiterStatistics.ShouldNotBeNull();
        statistics.TotalSuccessfulLeases.ShouldBe(3, "each of the three attempts must take its own permit");
        statistics.CurrentAvailablePermits.ShouldBe(97);
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfterWindowIsFull_WaitsForTheWindowToSlide()
    {
        // One request per minute: the first attempt takes the only permit and gets a 429; the retry (after a zero backoff)
        // must wait until that permit leaves the window, instead of going straight back to the provider.
        var model = new ScriptedChatClient(_clock).RespondWith(_ => "ok");
        var faults = new FaultInjectingChatClient(model).FailNext(1, FaultKind.RateLimited);
        using var client = new ChatClientBuilder(faults)
            .UseResilience(o => { o.BaseDelay = TimeSpan.Zero; o.MaxDelay = TimeSpan.Zero; o.UseJitter = false; o.EnableCircuitBreaker = false; o.AttemptTimeout = TimeSpan.FromHours(1); })
            .UseRateLimiting(o => { o.RequestsPerMinute = 1; o.SegmentsPerWindow = 6; })
            .Build(Services());
        var limiter = client.GetService<RateLimitingChatClient>().ShouldNotBeNull();

        var call = client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken);
        await DriveAsync([call], () => limiter.RequestLimiterStatistics!.CurrentQueuedCount);

        (await call).Text.ShouldBe("ok");
        faults.CallCount.ShouldBe(2);
        model.Calls.Count.ShouldBe(1);
        (model.Calls[0].Timestamp - _start).ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task GetResponseAsync_QueueFull_ThrowsTooManyRequests()
    {
        var model = new ScriptedChatClient(_clock).RespondWith(_ => "ok");
        using var client = model.WithRateLimiting(new ChatRateLimitOptions { RequestsPerMinute = 1, QueueLimit = 0 }, _clock);
        var token = TestContext.Current.CancellationToken;

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "first")], cancellationToken: token);
        var error = await Should.ThrowAsync<ModelServiceException>(client.GetResponseAsync([new ChatMessage(ChatRole.User, "second")], cancellationToken: token));

        error.StatusCode.ShouldBe(429);
        model.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task GetResponseAsync_CancelledWhileQueued_ThrowsAndNeverCallsModel()
    {
        var model = new ScriptedChatClient(_clock).RespondWith(_ => "ok");
        using var client = model.WithRateLimiting(new ChatRateLimitOptions { RequestsPerMinute = 1 }, _clock);
        using var cancellation = new CancellationTokenSource();
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "first")], cancellationToken: TestContext.Current.CancellationToken);

        var queued = client.GetResponseAsync([new ChatMessage(ChatRole.User, "second")], cancellationToken: cancellation.Token);
        queued.IsCompleted.ShouldBeFalse();
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(queued);
        model.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task GetResponseAsync_SharedConcurrencyLimiter_HoldsPermitForWholeCall()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 100 });
        var model = new ConcurrencyProbe();
        var first = model.WithRateLimiting(limiter);
        var second = model.WithRateLimiting(limiter);
        var token = TestContext.Current.CancellationToken;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? first : second).GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: token)));

        model.Calls.ShouldBe(8);
        model.MaxConcurrency.ShouldBe(1);
    }

    [Fact]
    public void UseRateLimiting_NoLimitSet_ThrowsValidationErrorWhenAdded()
    {
        var error = Should.Throw<OptionsValidationException>(() => new ChatClientBuilder(new ScriptedChatClient()).UseRateLimiting(o => o.SegmentsPerWindow = 0));

        error.Failures.Count().ShouldBe(2);
        error.Message.ShouldContain("RequestsPerMinute, TokensPerMinute");
    }

    [Fact]
    public void EstimateTokens_TextAndOutputLimit_AddsCharactersOverFourAndMaxOutput()
    {
        var messages = new[] { new ChatMessage(ChatRole.System, new string('a', 40)), new ChatMessage(ChatRole.User, new string('b', 41)) };
        var limits = new ChatRateLimitOptions { DefaultMaxOutputTokens = 500 };

        RateLimitingChatClient.EstimateTokens(messages, new ChatOptions { MaxOutputTokens = 100 }, limits).ShouldBe(21 + 100);
        RateLimitingChatClient.EstimateTokens(messages, null, limits).ShouldBe(21 + 500);
    }

    private static async Task RunLoopAsync(IChatClient client, int loop, int steps, CancellationToken cancellationToken)
    {
        for (var step = 0; step < steps; step++)
        {
            await client.GetResponseAsync([new ChatMessage(ChatRole.User, $"loop {loop} step {step}")], cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// Moves the clock one segment at a time, and only when the system is at rest: every unfinished call is waiting in the
    /// limiter's queue (<paramref name="queuedCalls"/>), so nothing released by the previous step is still on its way.
    /// </summary>
    private async Task DriveAsync(Task[] calls, Func<long> queuedCalls)
    {
        while (true)
        {
            await WaitUntilAsync(() => calls.Count(c => !c.IsCompleted) == queuedCalls());
            if (calls.All(c => c.IsCompleted))
            {
                break;
            }

            _clock.Advance(Segment);
        }

        await Task.WhenAll(calls);
    }

    /// <summary>Yields until <paramref name="condition"/> holds; the deadline only turns a hang into a failure, it decides no outcome.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(1), "the calls never came to rest");
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }
    }

    private IServiceProvider Services() => new ServiceCollection().AddSingleton<TimeProvider>(_clock).BuildServiceProvider();

    /// <summary>Counts calls in every window of <paramref name="segmentsPerWindow"/> consecutive segments and returns the largest count.</summary>
    private int MaxCallsInAnyWindow(IEnumerable<DateTimeOffset> timestamps, int segmentsPerWindow)
    {
        var perSegment = timestamps.GroupBy(t => (int)((t - _start) / Segment)).ToDictionary(g => g.Key, g => g.Count());
        var last = perSegment.Keys.Max();
        return Enumerable.Range(0, last + 1)
            .Max(first => Enumerable.Range(first, segmentsPerWindow).Sum(s => perSegment.GetValueOrDefault(s)));
    }

    private sealed class ConcurrencyProbe : IChatClient
    {
        private int _active;
        private int _maxConcurrency;
        private int _calls;

        public int MaxConcurrency => Volatile.Read(ref _maxConcurrency);

        public int Calls => Volatile.Read(ref _calls);

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var active = Interlocked.Increment(ref _active);
            Interlocked.Increment(ref _calls);
            InterlockedMax(ref _maxConcurrency, active);
            await Task.Delay(5, cancellationToken);
            Interlocked.Decrement(ref _active);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
