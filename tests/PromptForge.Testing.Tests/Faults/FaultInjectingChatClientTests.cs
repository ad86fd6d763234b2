using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace PromptForge.Testing.Tests.Faults;

public sealed class FaultInjectingChatClientTests
{
    private const string JsonReply = """{"answer": "Paris", "confidence": 0.9}""";

    [Fact]
    public async Task GetResponseAsync_SameSeed_InjectsSameFaultSequence()
    {
        var options = new FaultInjectionOptions { Seed = 42, RateLimitedRate = 0.2, ServerErrorRate = 0.2, EmptyReplyRate = 0.2 };

        var first = await OutcomesAsync(options, calls: 50);
        var second = await OutcomesAsync(options, calls: 50);
        var otherSeed = await OutcomesAsync(new FaultInjectionOptions { Seed = 7, RateLimitedRate = 0.2, ServerErrorRate = 0.2, EmptyReplyRate = 0.2 }, calls: 50);

        second.ShouldBe(first);
        otherSeed.ShouldNotBe(first);
    }

    [Fact]
    public async Task GetResponseAsync_ConfiguredRates_AreRoughlyHonored()
    {
        var model = new ScriptedChatClient().RespondWith(_ => JsonReply);
        var client = new FaultInjectingChatClient(model, new FaultInjectionOptions { Seed = 1, RateLimitedRate = 0.1, ServerErrorRate = 0.05, TruncatedJsonRate = 0.15 });
        const int Calls = 4000;

        for (var i = 0; i < Calls; i++)
        {
            try
            {
                await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken);
            }
            catch (ModelServiceException)
            {
            }
        }

        var counts = client.InjectedCounts;
        ((double)counts[FaultKind.RateLimited] / Calls).ShouldBe(0.10, 0.02);
        ((double)counts[FaultKind.ServerError] / Calls).ShouldBe(0.05, 0.015);
        ((double)counts[FaultKind.TruncatedJson] / Calls).ShouldBe(0.15, 0.025);
        counts.ContainsKey(FaultKind.Timeout).ShouldBeFalse();
        client.TotalInjected.ShouldBe(counts.Values.Sum());
        model.Calls.Count.ShouldBe(Calls - counts[FaultKind.RateLimited] - counts[FaultKind.ServerError]);
    }

    [Fact]
    public async Task GetResponseAsync_RateLimitedFault_ThrowsModelServiceExceptionWithRetryAfter()
    {
        var model = new ScriptedChatClient().RespondWith(_ => JsonReply);
        var client = new FaultInjectingChatClient(model, new FaultInjectionOptions { RetryAfter = TimeSpan.FromSeconds(9) }).FailNext(1, FaultKind.RateLimited);

        var error = await Should.ThrowAsync<ModelServiceException>(client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken));

        error.StatusCode.ShouldBe(429);
        error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(9));
        error.IsTransient.ShouldBeTrue();
        model.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task FailNext_Script_AppliesInOrderThenPassesThrough()
    {
        var model = new ScriptedChatClient().RespondWith(_ => JsonReply);
        var client = new FaultInjectingChatClient(model)
            .FailNext(1, FaultKind.ServerError)
            .FailNext(1, FaultKind.Timeout)
            .FailNext(1, FaultKind.EmptyReply)
            .FailNext(1, FaultKind.MalformedJson)
            .FailNext(1, FaultKind.TruncatedJson)
            .FailNext(1, () => new ModelServiceException("unauthorized", 401));
        var token = TestContext.Current.CancellationToken;
        ChatMessage[] question = [new(ChatRole.User, "q")];

        (await Should.ThrowAsync<ModelServiceException>(client.GetResponseAsync(question, cancellationToken: token))).StatusCode.ShouldBe(500);
        await Should.ThrowAsync<TimeoutException>(client.GetResponseAsync(question, cancellationToken: token));
        (await client.GetResponseAsync(question, cancellationToken: token)).Text.ShouldBeEmpty();
        var malformed = (await client.GetResponseAsync(question, cancellationToken: token)).Text;
        var truncated = await client.GetResponseAsync(question, cancellationToken: token);
        (await Should.ThrowAsync<ModelServiceException>(client.GetResponseAsync(question, cancellationToken: token))).StatusCode.ShouldBe(401);
        (await client.GetResponseAsync(question, cancellationToken: token)).Text.ShouldBe(JsonReply);

        Should.Throw<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(malformed));
        Should.Throw<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(truncated.Text));
        JsonReply.ShouldStartWith(truncated.Text);
        truncated.FinishReason.ShouldBe(ChatFinishReason.Length);
        client.TotalInjected.ShouldBe(6);
        client.InjectedCounts[FaultKind.Custom].ShouldBe(1);
        client.CallCount.ShouldBe(7);
    }

    [Fact]
    public async Task GetResponseAsync_HangingTimeout_WaitsOnClockUntilCancelled()
    {
        var clock = new FakeTimeProvider();
        var model = new ScriptedChatClient(clock).RespondWith(_ => JsonReply);
        var client = new FaultInjectingChatClient(model, new FaultInjectionOptions { TimeoutDelay = Timeout.InfiniteTimeSpan }, clock).FailNext(1, FaultKind.Timeout);
        using var cancellation = new CancellationTokenSource();

        var call = client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: cancellation.Token);
        clock.Advance(TimeSpan.FromDays(1));
        call.IsCompleted.ShouldBeFalse();
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(call);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TruncatedFault_StreamsCutReply()
    {
        var model = new ScriptedChatClient().RespondWith(_ => JsonReply);
        var client = new FaultInjectingChatClient(model).FailNext(1, FaultKind.TruncatedJson);

        var response = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken)
            .ToChatResponseAsync(TestContext.Current.CancellationToken);

        response.Text.Length.ShouldBeLessThan(JsonReply.Length);
        JsonReply.ShouldStartWith(response.Text);
    }

    [Fact]
    public void Constructor_RatesAboveOne_ThrowsListingEveryProblem()
    {
        var options = new FaultInjectionOptions { RateLimitedRate = 0.8, ServerErrorRate = 0.5, TimeoutRate = 1.5 };

        var error = Should.Throw<ArgumentException>(() => new FaultInjectingChatClient(new ScriptedChatClient(), options));

        error.Message.ShouldContain("TimeoutRate");
        error.Message.ShouldContain("sum to");
    }

    [Fact]
    public void FailNext_CustomKindWithoutFactory_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new FaultInjectingChatClient(new ScriptedChatClient()).FailNext(1, FaultKind.Custom));
    }

    [Theory]
    [InlineData("{\"a\": 1}", 0.5)]
    [InlineData("{\"a\": 1}", 0.0)]
    [InlineData("{\"a\": 1}", 0.999)]
    public void Truncate_AnyFraction_KeepsAStrictNonEmptyPrefix(string text, double fraction)
    {
        var cut = FaultInjectingChatClient.Truncate(text, fraction);

        cut.ShouldNotBeEmpty();
        cut.Length.ShouldBeLessThan(text.Length);
        text.ShouldStartWith(cut);
    }

    private static async Task<List<string>> OutcomesAsync(FaultInjectionOptions options, int calls)
    {
        var client = new FaultInjectingChatClient(new ScriptedChatClient().RespondWith(_ => JsonReply), options);
        var outcomes = new List<string>();
        for (var i = 0; i < calls; i++)
        {
            try
            {
                outcomes.Add((await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken)).Text);
            }
            catch (ModelServiceException ex)
            {
                outcomes.Add($"error {ex.StatusCode}");
            }
        }

        return outcomes;
    }
}
