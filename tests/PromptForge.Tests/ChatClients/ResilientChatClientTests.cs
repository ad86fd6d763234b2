using System.Net;
using System.Net.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using PromptForge.Testing;

namespace PromptForge.Tests.ChatClients;

public sealed class ResilientChatClientTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "What is 2 + 2?")];

    private readonly ManualTimeProvider _clock = new();
    private readonly ScriptedChatClient _model;

    public ResilientChatClientTests()
    {
        _model = new ScriptedChatClient(_clock).RespondWith(_ => "4");
    }

    [Fact]
    public async Task GetResponseAsync_RateLimitedWithRetryAfter_WaitsAtLeastRetryAfterThenSucceeds()
    {
        var faults = new FaultInjectingChatClient(_model, new FaultInjectionOptions { RetryAfter = TimeSpan.FromSeconds(7) }).FailNext(1, FaultKind.RateLimited);
        var client = faults.WithResilience(new ChatResilienceOptions { BaseDelay = TimeSpan.FromMilliseconds(100) }, _clock);
        var started = _clock.GetUtcNow();

        var response = await _clock.RunAsync(client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken));

        response.Text.ShouldBe("4");
        faults.CallCount.ShouldBe(2);
        var retriedAt = _model.Calls.ShouldHaveSingleItem().Timestamp;
        (retriedAt - started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfterLongerThanMaxDelay_WaitsMaxDelay()
    {
        var faults = new FaultInjectingChatClient(_model, new FaultInjectionOptions { RetryAfter = TimeSpan.FromMinutes(10) }).FailNext(1, FaultKind.RateLimited);
        var client = faults.WithResilience(new ChatResilienceOptions { MaxDelay = TimeSpan.FromSeconds(20) }, _clock);
        var started = _clock.GetUtcNow();

        await _clock.RunAsync(client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken));

        (_model.Calls.ShouldHaveSingleItem().Timestamp - started).ShouldBe(TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task GetResponseAsync_NonTransientStatus_IsNotRetried(int status)
    {
        var faults = new FaultInjectingChatClient(_model).FailNext(1, () => new ModelServiceException($"HTTP {status}", status));
        var client = faults.WithResilience(timeProvider: _clock);

        var error = await Should.ThrowAsync<ModelServiceException>(
            _clock.RunAsync(client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken)));

        error.StatusCode.ShouldBe(status);
        faults.CallCount.ShouldBe(1);
    }

    [Fact]
    public async Task GetResponseAsync_ContentFilterRefusal_IsNotRetried()
    {
        var faults = new FaultInjectingChatClient(_model).FailNext(3, () => new ModelServiceException("filtered", 400, isContentFilter: true));
        var client = faults.WithResilience(timeProvider: _clock);

        await Should.ThrowAsync<ModelServiceException>(_clock.RunAsync(client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken)));

        faults.CallCount.ShouldBe(1);
    }

    [Fact]
    public async Task GetResponseAsync_HttpUnauthorized_IsNotRetried()
    {
        var faults = new FaultInjectingChatClient(_model).FailNext(3, () => new HttpRequestException("no", null, HttpStatusCode.Unauthorized));
        var client = faults.WithResilience(timeProvider: _clock);

        await Should.ThrowAsync<HttpRequestException>(_clock.RunAsync(client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken)));

        faults.CallCount.ShouldBe(1);
    }

    [Fact]
    public async Task GetResponseAsync_ServerErrorThenSuccess_IsRetried()
    {
        var faults = new FaultInjectingChatClient(_model).FailNext(2, FaultKind.ServerError);
        var client = faults.WithResilience(timeProvider: _clock);

        var response = await _clock.RunAsync(client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken));

        response.Text.ShouldBe("4");
        faults.CallCount.ShouldBe(3);
    }

    [Fact]
    public async Task GetResponseAsync_HttpServiceUnavailableAndConnectionError_AreRetried()
    {
        var errors = new Queue<Exception>([
            new HttpRequestException("busy", null, HttpStatusCode.ServiceUnavailable),
            new HttpRequestException(HttpRequestError.ConnectionError, "reset"),
            new TimeoutException("slow"),
        ]);
        var faults = new FaultInjectingChatClient(_model).FailNext(3, errors.Dequeue);
        var client = faults.WithResilience(timeProvider: _clock);

        var response = await _clock.RunAsync(client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken));

        response.Text.ShouldBe("4");
        faults.CallCount.ShouldBe(4);
    }

    [Fact]
    public async Task GetResponseAsync_TransientFailuresBeyondMaxRetries_ThrowsLastFailure()
    {
        var faults = new FaultInjectingChatClient(_model).FailNext(10, FaultKind.ServerError);
        var client = faults.WithResilience(new ChatResilienceOptions { MaxRetryAttempts = 2, EnableCircuitBreaker = false }, _clock);

        var error = await Should.ThrowAsync<ModelServiceException>(_clock.RunAsync(client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken)));

        error.StatusCode.ShouldBe(500);
        faults.CallCount.ShouldBe(3);
    }

    [Fact]
    public async Task GetResponseAsync_AttemptExceedsTimeout_IsCancelledAndRetried()
    {
        var model = new ScriptedChatClient(_clock).Enqueue(ScriptedReply.FromText("slow").WithLatency(TimeSpan.FromMinutes(10)), "fast");
        var client = model.WithResilience(new ChatResilienceOptions { AttemptTimeout = TimeSpan.FromSeconds(5), BaseDelay = TimeSpan.FromSeconds(1), UseJitter = false }, _clock);
        var started = _clock.GetUtcNow();

        var response = await _clock.RunAsync(client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken));

        response.Text.ShouldBe("fast");
        model.Calls.Count.ShouldBe(2);
        (model.Calls[1].Timestamp - started).ShouldBe(TimeSpan.FromSeconds(6));
    }

    [Fact]
    public async Task GetResponseAsync_EveryAttemptTimesOut_ThrowsTimeoutRejected()
    {
        var model = new ScriptedChatClient(_clock) { Latency = TimeSpan.FromHours(1) }.RespondWith(_ => "never");
        var client = model.WithResilience(new ChatResilienceOptions { MaxRetryAttempts = 1, AttemptTimeout = TimeSpan.FromSeconds(5), EnableCircuitBreaker = false }, _clock);

        await Should.ThrowAsync<TimeoutRejectedException>(_clock.RunAsync(client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken)));

        model.Calls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task GetResponseAsync_FailureRatioReached_OpensCircuitAndFailsFastUntilBreakEnds()
    {
        var faults = new FaultInjectingChatClient(_model).FailNext(2, FaultKind.ServerError);
        var client = faults.WithResilience(
            new ChatResilienceOptions { MaxRetryAttempts = 0, MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = TimeSpan.FromSeconds(30) },
            _clock);
        var token = TestContext.Current.CancellationToken;

        await Should.ThrowAsync<ModelServiceException>(client.GetResponseAsync(Question, cancellationToken: token));
        await Should.ThrowAsync<ModelServiceException>(client.GetResponseAsync(Question, cancellationToken: token));
        await Should.ThrowAsync<BrokenCircuitException>(client.GetResponseAsync(Question, cancellationToken: token));
        faults.CallCount.ShouldBe(2);

        _clock.Advance(TimeSpan.FromSeconds(31));
        (await client.GetResponseAsync(Question, cancellationToken: token)).Text.ShouldBe("4");
        faults.CallCount.ShouldBe(3);
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_IsNotRetried()
    {
        using var cancellation = new CancellationTokenSource();
        var model = new ScriptedChatClient(_clock).RespondWith(_ =>
        {
            cancellation.Cancel();
            return new OperationCanceledException(cancellation.Token);
        });
        var client = model.WithResilience(timeProvider: _clock);

        await Should.ThrowAsync<OperationCanceledException>(_clock.RunAsync(client.GetResponseAsync(Question, cancellationToken: cancellation.Token)));

        model.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task GetResponseAsync_CustomShouldRetry_ReplacesDefaultClassification()
    {
        var faults = new FaultInjectingChatClient(_model).FailNext(1, () => new InvalidOperationException("flaky adapter"));
        var client = faults.WithResilience(new ChatResilienceOptions { ShouldRetry = ex => ex is InvalidOperationException }, _clock);

        (await _clock.RunAsync(client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken))).Text.ShouldBe("4");

        faults.CallCount.ShouldBe(2);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailureBeforeFirstUpdate_IsRetried()
    {
        var faults = new FaultInjectingChatClient(_model).FailNext(1, FaultKind.ServerError);
        var client = faults.WithResilience(timeProvider: _clock);

        var text = await _clock.RunAsync(CollectTextAsync(client.GetStreamingResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken)));

        text.ShouldBe("4");
        faults.CallCount.ShouldBe(2);
    }

    [Fact]
    public void WithResilience_InvalidOptions_ListsEveryProblem()
    {
        var options = new ChatResilienceOptions { MaxRetryAttempts = -1, AttemptTimeout = TimeSpan.Zero, BaseDelay = TimeSpan.FromMinutes(5), MaxDelay = TimeSpan.FromSeconds(1) };

        var error = Should.Throw<OptionsValidationException>(() => _model.WithResilience(options));

        error.Failures.Count().ShouldBe(3);
        error.Message.ShouldContain("MaxRetryAttempts");
        error.Message.ShouldContain("AttemptTimeout");
        error.Message.ShouldContain("MaxDelay");
    }

    [Theory]
    [InlineData(3, 0, 3)]
    [InlineData(0.2, 0, 1)]
    [InlineData(0.2, 2, 4)]
    [InlineData(500, 0, 60)]
    public void GetServerRequestedDelay_RetryAfter_IsLongerOfRetryAfterAndBackoffCappedByMaxDelay(double retryAfterSeconds, int attempt, double expectedSeconds)
    {
        var options = new ChatResilienceOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(60) };
        var error = new ModelServiceException("throttled", 429, TimeSpan.FromSeconds(retryAfterSeconds));

        ResilientChatClient.GetServerRequestedDelay(error, attempt, options).ShouldBe(TimeSpan.FromSeconds(expectedSeconds));
    }

    [Fact]
    public void GetServerRequestedDelay_NoRetryAfter_LeavesBackoffToPolly()
    {
        ResilientChatClient.GetServerRequestedDelay(new ModelServiceException("busy", 503), 0, new ChatResilienceOptions()).ShouldBeNull();
    }

    private static async Task<string> CollectTextAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var update in updates)
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }
}
