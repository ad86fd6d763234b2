using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using PromptForge.Testing;

namespace PromptForge.Tests.ChatClients;

public sealed class RateLimitingChatClientTests
{
    private static readonly TimeSpan Segment = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _clock = new();
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
        using var client = model.WithRateLimiting(new ChatRateLimitOptions { RequestsPerMinute = RequestsPerMinute, SegmentsPerWindow = 6 }, _clock);
        var token = TestContext.Current.CancellationToken;

        // 32 loops sharing one client, each making 3 dependent calls.
        var loops = Enumerable.Range(0, 32).Select(loop => Task.Run(
            async () =>
            {
                for (var step = 0; step < 3; step++)
                {
                    await client.GetResponseAsync([new ChatMessage(ChatRole.User, $"loop {loop} step {step}")], cancellationToken: token);
                }
            },
            token)).ToArray();
        await DriveAsync(Task.WhenAll(loops), () => model.Calls.Count);

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
        var model = new ScriptedChatClient(_clock).RespondWith(_ => "ok");
        using var client = model.WithRateLimiting(new ChatRateLimitOptions { TokensPerMinute = 1000 }, _clock);
        var options = new ChatOptions { MaxOutputTokens = 300 };
        var token = TestContext.Current.CancellationToken;

        var calls = Enumerable.Range(0, 8).Select(_ => Task.Run(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], options, token), token)).ToArray();
        await DriveAsync(Task.WhenAll(calls), () => model.Calls.Count);

        model.Calls.Count.ShouldBe(8);
        MaxCallsInAnyWindow(model.Calls.Select(c => c.Timestamp), segmentsPerWindow: 6).ShouldBe(3);
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
    public void WithRateLimiting_NoLimitSet_ThrowsValidationError()
    {
        var error = Should.Throw<OptionsValidationException>(() => new ScriptedChatClient().WithRateLimiting(new ChatRateLimitOptions { SegmentsPerWindow = 0 }));

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

    /// <summary>Moves the clock one segment at a time, each time after the calls released by the previous step have reached the model.</summary>
    private async Task DriveAsync(Task work, Func<int> progress)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!work.IsCompleted)
        {
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), "the rate-limited calls did not finish");
            var seen = progress();
            for (var stable = 0; stable < 3 && !work.IsCompleted;)
            {
                await Task.Delay(5, TestContext.Current.CancellationToken);
                var now = progress();
                stable = now == seen ? stable + 1 : 0;
                seen = now;
            }

            _clock.Advance(Segment);
        }

        await work;
    }

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
