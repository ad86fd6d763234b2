using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Tests.Fakes;

namespace PromptForge.Cli.Tests.Providers;

public sealed class OpenAICompatibleChatClientTests : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeOpenAIServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private OpenAICompatibleChatClient CreateClient(TimeSpan? timeout = null, string key = "test-key") => new(new OpenAICompatibleChatClientOptions
    {
        Endpoint = _server.BaseAddress,
        Credential = new ApiKeyCredential(key),
        DefaultModelId = "default-model",
        NetworkTimeout = timeout ?? TimeSpan.FromSeconds(30),
    });

    [Fact]
    public async Task GetResponseAsync_TextRequest_RoundTripsMessagesOptionsUsageAndFinishReason()
    {
        using var client = CreateClient();
        var options = new ChatOptions { ModelId = "role-model", Temperature = 0.25f, MaxOutputTokens = 123, TopP = 0.5f, Seed = 7, StopSequences = ["END"] };

        ChatResponse response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "hello")], options, TestContext.Current.CancellationToken);

        response.Text.ShouldBe(SchemaEchoChatClient.TextReply);
        response.FinishReason.ShouldBe(ChatFinishReason.Stop);
        response.ModelId.ShouldBe("role-model");
        response.Usage.ShouldNotBeNull();
        response.Usage.InputTokenCount.ShouldNotBeNull().ShouldBeGreaterThan(0);
        response.Usage.OutputTokenCount.ShouldBe(SchemaEchoChatClient.TextReply.Length / 4 + 1);
        response.Usage.TotalTokenCount.ShouldBe(response.Usage.InputTokenCount + response.Usage.OutputTokenCount);

        JsonObject sent = _server.Requests.Single();
        sent["model"]!.GetValue<string>().ShouldBe("role-model");
        sent["temperature"]!.GetValue<float>().ShouldBe(0.25f);
        (sent["max_completion_tokens"] ?? sent["max_tokens"])!.GetValue<int>().ShouldBe(123);
        sent["top_p"]!.GetValue<float>().ShouldBe(0.5f);
        sent["seed"]!.GetValue<long>().ShouldBe(7);
        sent["stop"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["END"]);
        JsonArray messages = sent["messages"]!.AsArray();
        messages.Select(m => m!["role"]!.GetValue<string>()).ShouldBe(["system", "user"]);
        _server.Authorizations.Single().ShouldBe("Bearer test-key");
    }

    [Fact]
    public async Task GetResponseAsync_NoModelInOptions_UsesDefaultModel()
    {
        using var client = CreateClient();

        await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        _server.Requests.Single()["model"]!.GetValue<string>().ShouldBe("default-model");
    }

    [Fact]
    public async Task GetResponseAsync_JsonSchemaFormat_SendsSchemaAndReturnsSchemaValidJson()
    {
        using var client = CreateClient();
        JsonElement schema = JsonDocument.Parse("""
            {"type":"object","properties":{"label":{"type":"string","enum":["yes","no"]},"confidence":{"type":"number"}},"required":["label","confidence"]}
            """).RootElement;
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "verdict", "A verdict.") };

        ChatResponse response = await client.GetResponseAsync("judge", options, TestContext.Current.CancellationToken);

        JsonObject format = _server.Requests.Single()["response_format"]!.AsObject();
        format["type"]!.GetValue<string>().ShouldBe("json_schema");
        format["json_schema"]!["name"]!.GetValue<string>().ShouldBe("verdict");
        format["json_schema"]!["schema"]!["properties"]!["label"]!["enum"]!.AsArray().Count.ShouldBe(2);
        using JsonDocument answer = JsonDocument.Parse(response.Text);
        answer.RootElement.GetProperty("label").GetString().ShouldBe("yes");
        answer.RootElement.GetProperty("confidence").ValueKind.ShouldBe(JsonValueKind.Number);
    }

    [Fact]
    public async Task GetResponseAsync_JsonWithoutSchema_SendsJsonObjectFormat()
    {
        using var client = CreateClient();

        await client.GetResponseAsync("judge", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }, TestContext.Current.CancellationToken);

        _server.Requests.Single()["response_format"]!["type"]!.GetValue<string>().ShouldBe("json_object");
    }

    [Fact]
    public async Task GetResponseAsync_PromptForgeAdditionalProperties_AreNotSentAndOptionsAreNotMutated()
    {
        using var client = CreateClient();
        var options = new ChatOptions { AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = "sipdo.error_analysis", [PromptForgeChatOptionKeys.RoleKind] = "updater" } };

        await client.GetResponseAsync("hi", options, TestContext.Current.CancellationToken);

        string sent = _server.Requests.Single().ToJsonString();
        sent.ShouldNotContain("promptforge");
        sent.ShouldNotContain("sipdo.error_analysis");
        options.AdditionalProperties.Count.ShouldBe(2);
        options.ModelId.ShouldBeNull();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamedReply_ConcatenatesTextAndReportsUsage()
    {
        using var client = CreateClient();

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        ChatResponse response = updates.ToChatResponse();
        response.Text.ShouldBe(SchemaEchoChatClient.TextReply);
        response.FinishReason.ShouldBe(ChatFinishReason.Stop);
        response.Usage.ShouldNotBeNull().OutputTokenCount.ShouldBe(SchemaEchoChatClient.TextReply.Length / 4 + 1);
        _server.Requests.Single()["stream"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task GetResponseAsync_RateLimited_ThrowsTransientModelServiceExceptionWithRetryAfterWithoutSdkRetry()
    {
        using var client = CreateClient();
        _server.RetryAfterSeconds = 7;
        _server.EnqueueFault(FakeServerFault.RateLimited);

        var ex = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        ex.StatusCode.ShouldBe(429);
        ex.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        ex.IsTransient.ShouldBeTrue();
        _server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task GetResponseAsync_Unauthorized_ThrowsNonTransientErrorNamingTheKey()
    {
        using var client = CreateClient(key: "wrong");
        _server.RequiredApiKey = "right";

        var ex = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        ex.StatusCode.ShouldBe(401);
        ex.IsTransient.ShouldBeFalse();
        ex.Message.ShouldContain("OPENAI_API_KEY");
        ex.Message.ShouldNotContain("wrong");
        _server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task GetResponseAsync_ServerError_ThrowsTransientWithStatus500()
    {
        using var client = CreateClient();
        _server.EnqueueFault(FakeServerFault.ServerError);

        var ex = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        ex.StatusCode.ShouldBe(500);
        ex.IsTransient.ShouldBeTrue();
        _server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task GetResponseAsync_ContentFilter_ThrowsContentFilterError()
    {
        using var client = CreateClient();
        _server.EnqueueFault(FakeServerFault.ContentFilter);

        var ex = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        ex.IsContentFilter.ShouldBeTrue();
        ex.IsTransient.ShouldBeFalse();
    }

    [Fact]
    public async Task GetResponseAsync_SlowReplyBeyondNetworkTimeout_ThrowsTransientTimeout()
    {
        using var client = CreateClient(timeout: TimeSpan.FromMilliseconds(300));
        _server.SlowReplyDelay = TimeSpan.FromSeconds(5);
        _server.EnqueueFault(FakeServerFault.SlowReply);

        var ex = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        ex.IsTransient.ShouldBeTrue();
        ex.StatusCode.ShouldBeNull();
    }

    [Fact]
    public async Task GetResponseAsync_SlowReplyWithinTimeout_Succeeds()
    {
        using var client = CreateClient();
        _server.SlowReplyDelay = TimeSpan.FromMilliseconds(200);
        _server.EnqueueFault(FakeServerFault.SlowReply);

        ChatResponse response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        response.Text.ShouldBe(SchemaEchoChatClient.TextReply);
    }

    [Fact]
    public async Task GetResponseAsync_MalformedBody_ThrowsModelServiceException()
    {
        using var client = CreateClient();
        _server.EnqueueFault(FakeServerFault.MalformedBody);

        var ex = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        ex.Message.ShouldContain("malformed");
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var client = CreateClient();
        _server.SlowReplyDelay = TimeSpan.FromSeconds(5);
        _server.EnqueueFault(FakeServerFault.SlowReply);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(() => client.GetResponseAsync("hi", cancellationToken: cts.Token));
    }

    [Fact]
    public async Task GetResponseAsync_UnreachableEndpoint_ReportsUnreachable()
    {
        var closedPort = new Uri($"http://127.0.0.1:{GetClosedPort()}/v1");
        using var client = new OpenAICompatibleChatClient(new OpenAICompatibleChatClientOptions
        {
            Endpoint = closedPort, Credential = new ApiKeyCredential("k"), DefaultModelId = "m",
        });

        var ex = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        ex.Message.ShouldContain("could not be reached");
        ex.StatusCode.ShouldBeNull();
    }

    private static int GetClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
