using System.Text.Json;
using Microsoft.Extensions.AI;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Tests.Fakes;

namespace PromptForge.Cli.Tests.Providers;

/// <summary>Every provider's SDK path against its own loopback server: chat, structured output, 429 with Retry-After, 5xx, 401, empty replies.</summary>
public sealed class ProviderClientsTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(
        """{"type":"object","properties":{"label":{"type":"string","enum":["positive","negative"]},"score":{"type":"number"}},"required":["label"]}""").RootElement;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static IChatClient Middleware(LoopbackProvider provider) =>
        ChatClientFactory.Create(provider.Settings(), seed: 1, TimeSpan.FromSeconds(10), TimeProvider.System);

    [Theory]
    [MemberData(nameof(LoopbackProvider.Names), MemberType = typeof(LoopbackProvider))]
    public async Task GetResponseAsync_TextChat_ReturnsTheServersTextWithUsageAndSendsTheRolesModel(string name)
    {
        await using LoopbackProvider provider = await LoopbackProvider.StartAsync(name);
        using IChatClient client = ProviderClients.Create(provider.Connection(), TimeSpan.FromSeconds(10));
        var options = new ChatOptions { ModelId = "role-model", MaxOutputTokens = 50, AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = "sipdo.task" } };

        ChatResponse response = await client.GetResponseAsync([new(ChatRole.System, "Be brief."), new(ChatRole.User, "hi")], options, Token);

        response.Text.ShouldBe(SchemaEchoChatClient.TextReply);
        response.Usage!.OutputTokenCount.ShouldNotBeNull();
        provider.RequestCount.ShouldBe(1);
        string body = provider.Requests[0].ToJsonString();
        body.ShouldNotContain("promptforge.");                              // role tags never reach the wire
        options.AdditionalProperties.ShouldContainKey(PromptForgeChatOptionKeys.Role);   // the caller's options are not changed
        (name == ProviderNames.Azure ? provider.Server.Paths[0] : body).ShouldContain("role-model");   // Azure: the deployment is in the URL
    }

    [Theory]
    [MemberData(nameof(LoopbackProvider.Names), MemberType = typeof(LoopbackProvider))]
    public async Task GetResponseAsync_JsonSchemaFormat_SendsTheSchemaAndReturnsSchemaValidJson(string name)
    {
        await using LoopbackProvider provider = await LoopbackProvider.StartAsync(name);
        using IChatClient client = ProviderClients.Create(provider.Connection(), TimeSpan.FromSeconds(10));

        ChatResponse response = await client.GetResponseAsync("classify: great", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(Schema, "verdict") }, Token);

        provider.Requests[0].ToJsonString().ShouldContain("positive");     // the schema went over the wire
        JsonDocument.Parse(response.Text).RootElement.GetProperty("label").GetString().ShouldBe("positive");
    }

    [Theory]
    [MemberData(nameof(LoopbackProvider.Names), MemberType = typeof(LoopbackProvider))]
    public async Task GetResponseAsync_RateLimited_ThrowsTransientErrorWithTheServersRetryAfterWithoutSdkRetries(string name)
    {
        await using LoopbackProvider provider = await LoopbackProvider.StartAsync(name);
        provider.Server.RetryAfterSeconds = 7;
        provider.EnqueueFault(ProviderServerFault.RateLimited);
        using IChatClient client = ProviderClients.Create(provider.Connection(), TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: Token));

        error.StatusCode.ShouldBe(429);
        error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        error.IsTransient.ShouldBeTrue();
        provider.RequestCount.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(LoopbackProvider.Names), MemberType = typeof(LoopbackProvider))]
    public async Task Create_RateLimitedThenServerError_MiddlewareRetriesAndSucceeds(string name)
    {
        await using LoopbackProvider provider = await LoopbackProvider.StartAsync(name);
        provider.EnqueueFault(ProviderServerFault.RateLimited);
        provider.EnqueueFault(ProviderServerFault.ServerError);
        using IChatClient client = Middleware(provider);

        ChatResponse response = await client.GetResponseAsync("hi", cancellationToken: Token);

        response.Text.ShouldBe(SchemaEchoChatClient.TextReply);
        provider.RequestCount.ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(LoopbackProvider.Names), MemberType = typeof(LoopbackProvider))]
    public async Task Create_ServerError_IsTransientWithItsStatus(string name)
    {
        await using LoopbackProvider provider = await LoopbackProvider.StartAsync(name);
        provider.EnqueueFault(ProviderServerFault.ServerError);
        using IChatClient client = ProviderClients.Create(provider.Connection(), TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: Token));

        error.StatusCode.ShouldBe(500);
        error.IsTransient.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(LoopbackProvider.Names), MemberType = typeof(LoopbackProvider))]
    public async Task Create_Unauthorized_StopsAfterOneRequestNamingTheKeyVariable(string name)
    {
        await using LoopbackProvider provider = await LoopbackProvider.StartAsync(name);
        provider.EnqueueFault(ProviderServerFault.Unauthorized, times: 3);
        using IChatClient client = Middleware(provider);

        var error = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: Token));

        error.StatusCode.ShouldBe(401);
        error.IsTransient.ShouldBeFalse();
        provider.RequestCount.ShouldBe(1);
        if (provider.KeyVariable is { } variable)
        {
            error.Message.ShouldContain(variable);
        }
    }

    [Theory]
    [MemberData(nameof(LoopbackProvider.Names), MemberType = typeof(LoopbackProvider))]
    public async Task GetResponseAsync_EmptyReply_IsARetryableMalformedReplyNotAnEmptyAnswer(string name)
    {
        await using LoopbackProvider provider = await LoopbackProvider.StartAsync(name);
        provider.EnqueueFault(ProviderServerFault.EmptyReply);
        using IChatClient raw = ProviderClients.Create(provider.Connection(), TimeSpan.FromSeconds(10));

        var error = await Should.ThrowAsync<ModelServiceException>(() => raw.GetResponseAsync("hi", cancellationToken: Token));
        error.IsTransient.ShouldBeTrue();

        provider.EnqueueFault(ProviderServerFault.EmptyReply);
        using IChatClient client = Middleware(provider);
        (await client.GetResponseAsync("hi", cancellationToken: Token)).Text.ShouldBe(SchemaEchoChatClient.TextReply);
    }

    [Theory]
    [MemberData(nameof(LoopbackProvider.Names), MemberType = typeof(LoopbackProvider))]
    public async Task GetStreamingResponseAsync_StreamedReply_ConcatenatesTheText(string name)
    {
        await using LoopbackProvider provider = await LoopbackProvider.StartAsync(name);
        using IChatClient client = ProviderClients.Create(provider.Connection(), TimeSpan.FromSeconds(10));

        ChatResponse response = await client.GetStreamingResponseAsync("hi", cancellationToken: Token).ToChatResponseAsync(Token);

        response.Text.ShouldBe(SchemaEchoChatClient.TextReply);
    }

    [Theory]
    [InlineData(ProviderNames.Azure)]
    [InlineData(ProviderNames.Anthropic)]
    public async Task CheckEndpointAsync_RejectedKey_ThrowsBeforeAnyChatCall(string name)
    {
        await using LoopbackProvider provider = await LoopbackProvider.StartAsync(name);

        var error = await Should.ThrowAsync<ModelServiceException>(() => ChatClientFactory.CheckEndpointAsync(provider.Settings("wrong-key"), Token));

        error.StatusCode.ShouldBe(401);
        provider.Server.ModelListCount.ShouldBe(1);
        provider.RequestCount.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(LoopbackProvider.Names), MemberType = typeof(LoopbackProvider))]
    public async Task CheckEndpointAsync_LiveServer_Passes(string name)
    {
        await using LoopbackProvider provider = await LoopbackProvider.StartAsync(name);

        await ChatClientFactory.CheckEndpointAsync(provider.Settings(), Token);

        provider.Server.ModelListCount.ShouldBe(1);
    }

    [Fact]
    public async Task CheckEndpointAsync_NothingListening_ReportsUnreachable()
    {
        await using LoopbackProvider provider = await LoopbackProvider.StartAsync(ProviderNames.Ollama);
        ProviderSettings settings = provider.Settings();
        await provider.DisposeAsync();

        var error = await Should.ThrowAsync<ModelServiceException>(() => ChatClientFactory.CheckEndpointAsync(settings, Token));

        error.Message.ShouldContain("could not be reached");
    }
}
