using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Tests.Fakes;

namespace PromptForge.Cli.Tests.Providers;

/// <summary>The openai provider (Microsoft.Extensions.AI.OpenAI over the OpenAI SDK) against <see cref="FakeOpenAIServer"/>,
/// and what the azure provider puts on the wire.</summary>
public sealed class OpenAIProviderTests : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeOpenAIServer.StartAsync(cancellationToken: Token);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private IChatClient CreateClient(string key = "test-key") => ProviderClients.Create(
        ProviderSettings.Resolve("openai", _server.BaseAddress.ToString(), "default-model", new Dictionary<ModelRoleKind, string?>(), v => v == "OPENAI_API_KEY" ? key : null).Connection!,
        TimeSpan.FromSeconds(10));

    [Fact]
    public async Task GetResponseAsync_TextRequest_SendsTheRolesModelAndSettingsButNoPromptForgeProperties()
    {
        using IChatClient client = CreateClient();
        var options = new ChatOptions
        {
            ModelId = "role-model", Temperature = 0.25f, MaxOutputTokens = 123,
            AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = "sipdo.task", [PromptForgeChatOptionKeys.RoleKind] = "task" },
        };

        ChatResponse response = await client.GetResponseAsync([new(ChatRole.System, "sys"), new(ChatRole.User, "hi")], options, Token);

        response.Text.ShouldBe(SchemaEchoChatClient.TextReply);
        response.Usage!.InputTokenCount.ShouldNotBeNull();
        JsonObject body = _server.Requests.Single();
        body["model"]!.GetValue<string>().ShouldBe("role-model");
        body["temperature"]!.GetValue<float>().ShouldBe(0.25f);
        body.ToJsonString().ShouldNotContain("promptforge.");
        _server.Authorizations.Single().ShouldBe("Bearer test-key");
    }

    [Fact]
    public async Task GetResponseAsync_NoModelInOptions_UsesTheDefaultModel()
    {
        using IChatClient client = CreateClient();

        await client.GetResponseAsync("hi", cancellationToken: Token);

        _server.Requests.Single()["model"]!.GetValue<string>().ShouldBe("default-model");
    }

    [Fact]
    public async Task GetResponseAsync_JsonSchemaFormat_SendsJsonSchemaAndReturnsSchemaValidJson()
    {
        using IChatClient client = CreateClient();
        JsonElement schema = JsonDocument.Parse("""{"type":"object","properties":{"label":{"type":"string","enum":["yes","no"]}},"required":["label"]}""").RootElement;

        ChatResponse response = await client.GetResponseAsync("q", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "verdict") }, Token);

        _server.SawJsonSchemaRequest.ShouldBeTrue();
        _server.Requests.Single()["response_format"]!["json_schema"]!["name"]!.GetValue<string>().ShouldBe("verdict");
        JsonDocument.Parse(response.Text).RootElement.GetProperty("label").GetString().ShouldBe("yes");
    }

    [Fact]
    public async Task GetResponseAsync_RateLimited_ThrowsTransientErrorWithRetryAfterWithoutSdkRetries()
    {
        using IChatClient client = CreateClient();
        _server.RetryAfterSeconds = 9;
        _server.EnqueueFault(FakeServerFault.RateLimited);

        var error = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: Token));

        error.StatusCode.ShouldBe(429);
        error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(9));
        error.IsTransient.ShouldBeTrue();
        _server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task GetResponseAsync_Unauthorized_ThrowsPermanentErrorNamingTheKeyVariable()
    {
        using IChatClient client = CreateClient();
        _server.EnqueueFault(FakeServerFault.Unauthorized);

        var error = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: Token));

        error.StatusCode.ShouldBe(401);
        error.IsTransient.ShouldBeFalse();
        error.Message.ShouldContain("OPENAI_API_KEY");
    }

    [Fact]
    public async Task GetResponseAsync_ContentFilter_ThrowsContentFilterErrorThatIsNotRetried()
    {
        using IChatClient client = CreateClient();
        _server.EnqueueFault(FakeServerFault.ContentFilter);

        var error = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: Token));

        error.IsContentFilter.ShouldBeTrue();
        error.IsTransient.ShouldBeFalse();
    }

    [Fact]
    public async Task GetResponseAsync_MalformedBody_ThrowsARetryableModelServiceException()
    {
        using IChatClient client = CreateClient();
        _server.EnqueueFault(FakeServerFault.MalformedBody);

        var error = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: Token));

        error.StatusCode.ShouldBeNull();
        error.IsTransient.ShouldBeTrue();
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_ThrowsOperationCanceledNotAProviderError()
    {
        using IChatClient client = CreateClient();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => client.GetResponseAsync("hi", cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task Azure_DeploymentUrlApiVersionAndApiKeyHeader_AreWhatGoesOnTheWire()
    {
        await using FakeAzureOpenAIServer azure = await FakeAzureOpenAIServer.StartAsync(cancellationToken: Token);
        azure.RequiredApiKey = "azure-key";
        ProviderSettings settings = ProviderSettings.Resolve(
            "azure", azure.RootAddress.ToString(), "my-deployment", new Dictionary<ModelRoleKind, string?>(), v => v == "AZURE_OPENAI_API_KEY" ? "azure-key" : null);
        using IChatClient client = ProviderClients.Create(settings.Connection!, TimeSpan.FromSeconds(10));

        ChatResponse response = await client.GetResponseAsync("hi", cancellationToken: Token);

        response.Text.ShouldBe(SchemaEchoChatClient.TextReply);
        azure.Paths.Single().ShouldBe("/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21");
    }
}
