using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace PromptForge.Testing.Tests.Scripted;

public sealed class ScriptedChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_RoleQueueAndDefaultQueue_AnswersByRoleTag()
    {
        var client = new ScriptedChatClient()
            .EnqueueForRole("critic", "critic reply")
            .Enqueue("default reply 1", "default reply 2");
        var token = TestContext.Current.CancellationToken;

        (await client.GetResponseAsync([new ChatMessage(ChatRole.User, "a")], Role("task"), token)).Text.ShouldBe("default reply 1");
        (await client.GetResponseAsync([new ChatMessage(ChatRole.User, "b")], Role("critic"), token)).Text.ShouldBe("critic reply");
        (await client.GetResponseAsync([new ChatMessage(ChatRole.User, "c")], Role("critic"), token)).Text.ShouldBe("default reply 2");
    }

    [Fact]
    public async Task GetResponseAsync_RoleResponder_ComputesReplyFromCall()
    {
        var client = new ScriptedChatClient()
            .RespondForRoleWith("task", call => $"echo {call.LastUserText} #{call.RoleCallNumber}")
            .RespondWith(_ => "fallback");
        var token = TestContext.Current.CancellationToken;

        (await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], Role("task"), token)).Text.ShouldBe("echo x #1");
        (await client.GetResponseAsync([new ChatMessage(ChatRole.User, "y")], Role("task"), token)).Text.ShouldBe("echo y #2");
        (await client.GetResponseAsync([new ChatMessage(ChatRole.User, "z")], null, token)).Text.ShouldBe("fallback");
    }

    [Fact]
    public async Task GetResponseAsync_ExceptionReply_IsThrown()
    {
        var client = new ScriptedChatClient().Enqueue(new ModelServiceException("throttled", 429, TimeSpan.FromSeconds(1)), "after");

        var error = await Should.ThrowAsync<ModelServiceException>(client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken));

        error.StatusCode.ShouldBe(429);
        (await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken)).Text.ShouldBe("after");
    }

    [Fact]
    public async Task GetResponseAsync_NoReplyLeft_ThrowsNamingRoleAndCallNumber()
    {
        var client = new ScriptedChatClient().EnqueueForRole("sipdo.error_analysis", "only one");
        var token = TestContext.Current.CancellationToken;
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], Role("sipdo.error_analysis"), token);

        var error = await Should.ThrowAsync<InvalidOperationException>(client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], Role("sipdo.error_analysis"), token));

        error.Message.ShouldContain("'sipdo.error_analysis'");
        error.Message.ShouldContain("call 2 of that role");
    }

    [Fact]
    public async Task GetResponseAsync_Calls_RecordsMessagesClonedOptionsRoleAndTime()
    {
        var clock = new FakeTimeProvider();
        var client = new ScriptedChatClient(clock).RespondWith(_ => "ok");
        var options = Role("generator");
        options.Temperature = 0.9f;

        await client.GetResponseAsync([new ChatMessage(ChatRole.System, "s"), new ChatMessage(ChatRole.User, "u")], options, TestContext.Current.CancellationToken);
        options.Temperature = 0.1f;

        var call = client.Calls.ShouldHaveSingleItem();
        call.Number.ShouldBe(1);
        call.Role.ShouldBe("generator");
        call.Messages.Select(m => m.Text).ShouldBe(["s", "u"]);
        call.Options!.Temperature.ShouldBe(0.9f);
        call.Options.ShouldNotBeSameAs(options);
        call.Timestamp.ShouldBe(clock.GetUtcNow());
        client.CallsForRole("generator").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task GetResponseAsync_UsageAndLatency_AreReportedPerReply()
    {
        var clock = new FakeTimeProvider();
        var client = new ScriptedChatClient(clock) { Latency = TimeSpan.FromSeconds(2) }
            .Enqueue(ScriptedReply.FromText("a").WithUsage(100, 7).WithLatency(TimeSpan.FromSeconds(30)), "12345678");
        var started = clock.GetUtcNow();

        var firstCall = client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(29));
        firstCall.IsCompleted.ShouldBeFalse();              // the reply's own 30 s latency, not the client's 2 s
        clock.Advance(TimeSpan.FromSeconds(1));
        var first = await firstCall;
        var afterFirst = clock.GetUtcNow();
        var secondCall = client.GetResponseAsync([new ChatMessage(ChatRole.User, "abcd")], cancellationToken: TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(2));
        var second = await secondCall;

        first.Usage!.InputTokenCount.ShouldBe(100);
        first.Usage.OutputTokenCount.ShouldBe(7);
        (afterFirst - started).ShouldBe(TimeSpan.FromSeconds(30));
        (clock.GetUtcNow() - afterFirst).ShouldBe(TimeSpan.FromSeconds(2));
        second.Usage!.InputTokenCount.ShouldBe(1);
        second.Usage.OutputTokenCount.ShouldBe(2);
    }

    [Fact]
    public async Task GetResponseAsync_CancelledDuringLatency_ThrowsOperationCanceled()
    {
        var clock = new FakeTimeProvider();
        var client = new ScriptedChatClient(clock) { Latency = TimeSpan.FromMinutes(1) }.RespondWith(_ => "late");
        using var cancellation = new CancellationTokenSource();

        var call = client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: cancellation.Token);
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(call);
    }

    [Fact]
    public async Task GetResponseAsync_ConcurrentCalls_RecordsEveryCallOnce()
    {
        var client = new ScriptedChatClient().RespondWith(call => call.LastUserText);
        var token = TestContext.Current.CancellationToken;

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, $"{i}")], Role($"r{i % 4}"), token), token)));

        replies.Select(r => r.Text).Order().ShouldBe(Enumerable.Range(0, 200).Select(i => $"{i}").Order());
        client.Calls.Select(c => c.Number).Order().ShouldBe(Enumerable.Range(1, 200));
        client.CallsForRole("r1").Select(c => c.RoleCallNumber).Order().ShouldBe(Enumerable.Range(1, 50));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ScriptedText_StreamsReplyAndRecordsStreamingCall()
    {
        var client = new ScriptedChatClient().Enqueue("streamed");

        var response = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken)
            .ToChatResponseAsync(TestContext.Current.CancellationToken);

        response.Text.ShouldBe("streamed");
        client.Calls.ShouldHaveSingleItem().IsStreaming.ShouldBeTrue();
    }

    [Fact]
    public void EnqueueForRole_BlankRole_Throws()
    {
        Should.Throw<ArgumentException>(() => new ScriptedChatClient().EnqueueForRole(" ", "x"));
    }

    private static ChatOptions Role(string role) => new() { AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = role } };
}
