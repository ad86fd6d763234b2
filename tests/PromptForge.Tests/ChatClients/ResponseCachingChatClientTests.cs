using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Time.Testing;
using PromptForge.Testing;

namespace PromptForge.Tests.ChatClients;

public sealed class ResponseCachingChatClientTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "promptforge-cache-tests", Path.GetRandomFileName());
    private readonly FakeTimeProvider _clock = new();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task GetResponseAsync_IdenticalRequest_IsServedFromCacheWithRecordedUsage()
    {
        var model = new ScriptedChatClient().Enqueue(ScriptedReply.FromText("Paris").WithUsage(12, 3));
        var client = model.WithResponseCache(NewCache());
        var token = TestContext.Current.CancellationToken;

        var first = await client.GetResponseAsync(Request("Capital of France?"), RoleOptions("task"), token);
        var second = await client.GetResponseAsync(Request("Capital of France?"), RoleOptions("task"), token);

        model.Calls.Count.ShouldBe(1);
        first.AdditionalProperties?.ContainsKey(PromptForgeChatOptionKeys.CacheHit).ShouldNotBe(true);
        second.Text.ShouldBe("Paris");
        second.AdditionalProperties![PromptForgeChatOptionKeys.CacheHit].ShouldBe(true);
        second.Usage!.InputTokenCount.ShouldBe(12);
        second.Usage.OutputTokenCount.ShouldBe(3);
    }

    [Theory]
    [InlineData("temperature")]
    [InlineData("role")]
    [InlineData("model")]
    [InlineData("max_tokens")]
    [InlineData("seed")]
    [InlineData("stop")]
    [InlineData("format")]
    [InlineData("message_role")]
    [InlineData("discriminator")]
    public async Task GetResponseAsync_RequestDiffersInOneField_Misses(string field)
    {
        var model = new ScriptedChatClient().RespondWith(call => $"answer {call.Number}");
        var client = model.WithResponseCache(NewCache());
        var token = TestContext.Current.CancellationToken;
        var baseline = RoleOptions("task");
        baseline.Temperature = 0.2f;
        var changed = baseline.Clone();
        var messages = Request("question");
        switch (field)
        {
            case "temperature": changed.Temperature = 0.7f; break;
            case "role": changed.AdditionalProperties![PromptForgeChatOptionKeys.Role] = "critic"; break;
            case "model": changed.ModelId = "other-model"; break;
            case "max_tokens": changed.MaxOutputTokens = 99; break;
            case "seed": changed.Seed = 7; break;
            case "stop": changed.StopSequences = ["END"]; break;
            case "format": changed.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object"}""").RootElement, "answer"); break;
            case "message_role": messages = [new ChatMessage(ChatRole.System, "question")]; break;
            case "discriminator": changed.AdditionalProperties!["promptforge.vote"] = 2; break;
        }

        await client.GetResponseAsync(Request("question"), baseline, token);
        var second = await client.GetResponseAsync(messages, changed, token);

        model.Calls.Count.ShouldBe(2);
        second.Text.ShouldBe("answer 2");
    }

    [Fact]
    public async Task GetResponseAsync_NewCacheInstanceOnSameDirectory_ReplaysWithoutCallingModel()
    {
        var recorder = new ScriptedChatClient().Enqueue("recorded answer");
        await recorder.WithResponseCache(NewCache()).GetResponseAsync(Request("q"), RoleOptions("task"), TestContext.Current.CancellationToken);

        // A model with no script would throw if it were called.
        var replayer = new ScriptedChatClient();
        var replayed = await replayer.WithResponseCache(NewCache()).GetResponseAsync(Request("q"), RoleOptions("task"), TestContext.Current.CancellationToken);

        replayed.Text.ShouldBe("recorded answer");
        replayer.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetResponseAsync_ThroughGateway_KeyIncludesRoleTagAndCacheDiscriminatorAndReplaysAfterRestart()
    {
        var token = TestContext.Current.CancellationToken;
        var model = new ScriptedChatClient().RespondWith(call => $"answer {call.Number}");
        var gateway = model.WithResponseCache(NewCache()).AsModelGateway();
        ModelRequest Vote(string tag, string? discriminator) =>
            new(new ModelRole(tag, ModelRoleKind.Critic), "judge", "sample") { CacheDiscriminator = discriminator };

        var vote0 = await gateway.GetResponseAsync(Vote("e2e.judge", "vote-0"), token);
        var vote1 = await gateway.GetResponseAsync(Vote("e2e.judge", "vote-1"), token);
        var otherRole = await gateway.GetResponseAsync(Vote("e2e.other_judge", "vote-0"), token);
        var vote0Again = await gateway.GetResponseAsync(Vote("e2e.judge", "vote-0"), token);

        model.Calls.Count.ShouldBe(3);
        model.Calls[0].Options!.AdditionalProperties!["promptforge.cache_discriminator"].ShouldBe("vote-0");
        new[] { vote0.Text, vote1.Text, otherRole.Text }.ShouldBeUnique();
        vote0Again.Text.ShouldBe(vote0.Text);
        vote0Again.FromCache.ShouldBeTrue();

        // A new process: a new cache instance over the same directory, a model that must not be called.
        var replayer = new ScriptedChatClient();
        var replayGateway = replayer.WithResponseCache(NewCache()).AsModelGateway();
        var replayed = await replayGateway.GetResponseAsync(Vote("e2e.judge", "vote-1"), token);

        replayed.Text.ShouldBe(vote1.Text);
        replayed.FromCache.ShouldBeTrue();
        replayer.Calls.ShouldBeEmpty();
        replayGateway.Usage.Snapshot().Total.CachedCalls.ShouldBe(1);
    }

    [Fact]
    public async Task GetResponseAsync_CorruptEntry_IsAMissAndIsRewritten()
    {
        var model = new ScriptedChatClient().RespondWith(call => $"answer {call.Number}");
        var client = model.WithResponseCache(NewCache());
        var token = TestContext.Current.CancellationToken;
        await client.GetResponseAsync(Request("q"), null, token);
        foreach (var file in Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories))
        {
            await File.WriteAllTextAsync(file, "PFC1 this is not a cache entry", token);
        }

        (await client.GetResponseAsync(Request("q"), null, token)).Text.ShouldBe("answer 2");
        (await client.GetResponseAsync(Request("q"), null, token)).Text.ShouldBe("answer 2");
        model.Calls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task GetResponseAsync_EntryExpired_Misses()
    {
        var model = new ScriptedChatClient().RespondWith(call => $"answer {call.Number}");
        var client = model.WithResponseCache(NewCache(), new ChatResponseCacheOptions { Expiration = TimeSpan.FromHours(1) });
        var token = TestContext.Current.CancellationToken;

        await client.GetResponseAsync(Request("q"), null, token);
        _clock.Advance(TimeSpan.FromMinutes(59));
        (await client.GetResponseAsync(Request("q"), null, token)).Text.ShouldBe("answer 1");
        _clock.Advance(TimeSpan.FromMinutes(2));
        (await client.GetResponseAsync(Request("q"), null, token)).Text.ShouldBe("answer 2");
    }

    [Fact]
    public async Task GetResponseAsync_UnsuccessfulResponses_AreNotCached()
    {
        var truncated = new ChatResponse(new ChatMessage(ChatRole.Assistant, "{\"ans")) { FinishReason = ChatFinishReason.Length };
        var filtered = new ChatResponse(new ChatMessage(ChatRole.Assistant, "")) { FinishReason = ChatFinishReason.ContentFilter };
        var model = new ScriptedChatClient().Enqueue(truncated, filtered, "", new ModelServiceException("busy", 503), "good", "unused");
        var client = model.WithResponseCache(NewCache());
        var token = TestContext.Current.CancellationToken;

        for (var i = 0; i < 3; i++)
        {
            await client.GetResponseAsync(Request("q"), null, token);
        }

        await Should.ThrowAsync<ModelServiceException>(client.GetResponseAsync(Request("q"), null, token));
        (await client.GetResponseAsync(Request("q"), null, token)).Text.ShouldBe("good");
        (await client.GetResponseAsync(Request("q"), null, token)).Text.ShouldBe("good");
        model.Calls.Count.ShouldBe(5);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_IdenticalRequest_ReplaysCoalescedResponse()
    {
        var model = new ScriptedChatClient().Enqueue("streamed answer");
        var client = model.WithResponseCache(NewCache());
        var token = TestContext.Current.CancellationToken;

        var first = await client.GetStreamingResponseAsync(Request("q"), null, token).ToChatResponseAsync(token);
        var second = await client.GetStreamingResponseAsync(Request("q"), null, token).ToChatResponseAsync(token);
        var nonStreaming = await client.GetResponseAsync(Request("q"), null, token);

        first.Text.ShouldBe("streamed answer");
        first.AdditionalProperties?.ContainsKey(PromptForgeChatOptionKeys.CacheHit).ShouldNotBe(true);
        second.Text.ShouldBe("streamed answer");
        second.AdditionalProperties![PromptForgeChatOptionKeys.CacheHit].ShouldBe(true);
        nonStreaming.Text.ShouldBe("streamed answer");
        nonStreaming.AdditionalProperties![PromptForgeChatOptionKeys.CacheHit].ShouldBe(true);
        model.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task UseResponseCache_BaseCacheKeyAdditionalValues_SeparateEntries()
    {
        // The stage is ME.AI's DistributedCachingChatClient; its own knob for widening the key still works.
        var model = new ScriptedChatClient().RespondWith(call => $"answer {call.Number}");
        var client = new ChatClientBuilder(model).UseResponseCache(NewCache()).Build();
        var caching = client.GetService<DistributedCachingChatClient>().ShouldNotBeNull();
        var token = TestContext.Current.CancellationToken;

        (await client.GetResponseAsync(Request("q"), null, token)).Text.ShouldBe("answer 1");
        caching.CacheKeyAdditionalValues = ["prompt-set-2"];
        (await client.GetResponseAsync(Request("q"), null, token)).Text.ShouldBe("answer 2");
        (await client.GetResponseAsync(Request("q"), null, token)).Text.ShouldBe("answer 2");
        caching.CacheKeyAdditionalValues = null;
        (await client.GetResponseAsync(Request("q"), null, token)).Text.ShouldBe("answer 1");
        model.Calls.Count.ShouldBe(2);
    }

    [Fact]
    public void Compute_FixedRequest_KeyIsTheOneEarlierReleasesWrote()
    {
        // Pinned: entries written by earlier releases (before the cache moved onto DistributedCachingChatClient) must still hit.
        // A change here invalidates every user's file cache; bump KeyVersion on purpose instead.
        ChatMessage[] messages = [new ChatMessage(ChatRole.System, "You answer with Yes or No."), new ChatMessage(ChatRole.User, "Did the spark cause the fire?")];
        var options = new ChatOptions { ModelId = "gpt-4o-mini", Temperature = 0f, MaxOutputTokens = 16, Seed = 7, AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = "task" } };
        var backend = new ChatClientMetadata("openai", new Uri("http://localhost:8080/v1"), "gpt-4o-mini");

        ChatResponseCacheKey.Compute(messages, options, backend, "scope")
            .ShouldBe("promptforge.chat.v1.ab330d3aca15162523419b55b606f26fd9920565d3245e227cec50fb0c6d25c4");
        ChatResponseCacheKey.Compute(messages, options, backend, "scope", additionalValues: []).ShouldBe(ChatResponseCacheKey.Compute(messages, options, backend, "scope"));
    }

    [Fact]
    public async Task GetResponseAsync_CachingClient_DoesNotMutateCallerOptions()
    {
        var model = new ScriptedChatClient().RespondWith(_ => "x");
        var client = model.WithResponseCache(NewCache());
        var options = RoleOptions("task");
        var before = JsonSerializer.Serialize(options, AIJsonUtilities.DefaultOptions);

        await client.GetResponseAsync(Request("q"), options, TestContext.Current.CancellationToken);
        await client.GetResponseAsync(Request("q"), options, TestContext.Current.CancellationToken);

        JsonSerializer.Serialize(options, AIJsonUtilities.DefaultOptions).ShouldBe(before);
    }

    [Fact]
    public async Task GetResponseAsync_OptionValueNotSerializable_BypassesCache()
    {
        var model = new ScriptedChatClient().RespondWith(call => $"answer {call.Number}");
        var client = model.WithResponseCache(NewCache());
        var options = new ChatOptions { AdditionalProperties = new() { ["handle"] = new IntPtr(42) } };

        (await client.GetResponseAsync(Request("q"), options, TestContext.Current.CancellationToken)).Text.ShouldBe("answer 1");
        (await client.GetResponseAsync(Request("q"), options, TestContext.Current.CancellationToken)).Text.ShouldBe("answer 2");
    }

    [Fact]
    public void Compute_MessageTimestampsAndPropertyOrder_DoNotChangeKey()
    {
        var first = new ChatMessage(ChatRole.User, "q") { CreatedAt = DateTimeOffset.UnixEpoch, MessageId = "a" };
        var second = new ChatMessage(ChatRole.User, "q") { CreatedAt = DateTimeOffset.UnixEpoch.AddDays(3), MessageId = "b" };
        var optionsA = new ChatOptions { AdditionalProperties = new() { ["x"] = 1, ["y"] = "two" } };
        var optionsB = new ChatOptions { AdditionalProperties = new() { ["y"] = "two", ["x"] = 1 } };

        var keyA = ChatResponseCacheKey.Compute([first], optionsA, null, null);
        var keyB = ChatResponseCacheKey.Compute([second], optionsB, null, null);

        keyA.ShouldBe(keyB);
        keyA.ShouldNotBe(ChatResponseCacheKey.Compute([first], optionsA, null, "other-deployment"));
        keyA.ShouldNotBe(ChatResponseCacheKey.Compute([first], optionsA, new ChatClientMetadata("openai", null, "gpt-x"), null));
    }

    [Fact]
    public void Compute_ToolSchemasDiffer_ChangesKey()
    {
        var withTool = new ChatOptions { Tools = [AIFunctionFactory.Create((int a) => a, "square")] };
        var withOtherTool = new ChatOptions { Tools = [AIFunctionFactory.Create((string a) => a, "square")] };

        ChatResponseCacheKey.Compute([], withTool, null, null).ShouldNotBe(ChatResponseCacheKey.Compute([], withOtherTool, null, null));
    }

    private static ChatMessage[] Request(string text) => [new ChatMessage(ChatRole.User, text)];

    private static ChatOptions RoleOptions(string role) => new() { AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = role } };

    private IDistributedCache NewCache() => new FileDistributedCache(_directory, _clock);
}
