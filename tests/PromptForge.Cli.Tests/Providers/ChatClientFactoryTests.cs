using Microsoft.Extensions.AI;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Tests.Fakes;
using PromptForge.Simulation;

namespace PromptForge.Cli.Tests.Providers;

public sealed class ChatClientFactoryTests : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;
    private string _cache = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _cache = Directory.CreateTempSubdirectory("pf-cache-").FullName;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_cache, recursive: true);
    }

    private IChatClient Create(string key = "k", bool cache = false)
    {
        ProviderSettings settings = ProviderSettings.Resolve(null, _server.BaseAddress.ToString(), "m", new Dictionary<ModelRoleKind, string?>(), n => n == ProviderSettings.ApiKeyVariable ? key : null)
            with { CacheDirectory = cache ? _cache : null };
        return ChatClientFactory.Create(settings, seed: 1, TimeSpan.FromSeconds(10), TimeProvider.System);
    }

    [Fact]
    public async Task Create_ModelEchoesTheKeyWithCacheOn_NeitherReplyNorCacheHoldsTheKey()
    {
        const string Key = "sk-loopback-secret-0123456789";
        await using FakeOpenAIServer echoing = await FakeOpenAIServer.StartAsync(new KeyEchoChatClient(Key), TestContext.Current.CancellationToken);
        ProviderSettings settings = ProviderSettings.Resolve(null, echoing.BaseAddress.ToString(), "m", new Dictionary<ModelRoleKind, string?>(), n => n == ProviderSettings.ApiKeyVariable ? Key : null)
            with { CacheDirectory = _cache };
        using IChatClient client = ChatClientFactory.Create(settings, seed: 1, TimeSpan.FromSeconds(10), TimeProvider.System, new PromptForge.Cli.Hosting.SecretScrubber([Key]));

        ChatResponse response = await client.GetResponseAsync("what is my key?", cancellationToken: TestContext.Current.CancellationToken);

        response.Text.ShouldNotContain(Key);
        string[] cached = Directory.GetFiles(_cache, "*", SearchOption.AllDirectories);
        cached.ShouldNotBeEmpty();
        foreach (string file in cached)
        {
            File.ReadAllText(file).ShouldNotContain(Key, customMessage: file);
        }
    }

    private sealed class KeyEchoChatClient(string key) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"Your key is {key}.")));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Create_RateLimitedOnce_MiddlewareWaitsRetryAfterAndSucceeds()
    {
        using IChatClient client = Create();
        _server.RetryAfterSeconds = 1;
        _server.EnqueueFault(FakeServerFault.RateLimited);
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        ChatResponse response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        response.Text.ShouldBe(SchemaEchoChatClient.TextReply);
        _server.RequestCount.ShouldBe(2);
        elapsed.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95));   // waited the server's Retry-After
    }

    [Fact]
    public async Task Create_ServerErrorOnce_IsRetried()
    {
        using IChatClient client = Create();
        _server.EnqueueFault(FakeServerFault.ServerError);

        await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        _server.RequestCount.ShouldBe(2);
    }

    [Fact]
    public async Task Create_SlowReplyWithinTimeout_Succeeds()
    {
        using IChatClient client = Create();
        _server.SlowReplyDelay = TimeSpan.FromMilliseconds(300);
        _server.EnqueueFault(FakeServerFault.SlowReply);

        ChatResponse response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        response.Text.ShouldBe(SchemaEchoChatClient.TextReply);
        _server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task Create_MalformedBodyOnce_IsRetried()
    {
        using IChatClient client = Create();
        _server.EnqueueFault(FakeServerFault.MalformedBody);

        ChatResponse response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        response.Text.ShouldBe(SchemaEchoChatClient.TextReply);
        _server.RequestCount.ShouldBe(2);
    }

    [Theory]
    [InlineData(FakeServerFault.EmptyChoices)]
    [InlineData(FakeServerFault.BadGateway)]
    [InlineData(FakeServerFault.HtmlBody)]
    public async Task Create_UnusableReplyThenHealthy_RetriesWithTheCoresClassifier(FakeServerFault fault)
    {
        IChatClient client = Create();
        _server.EnqueueFault(fault);

        ChatResponse response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        response.Text.ShouldBe(SchemaEchoChatClient.TextReply);
        _server.RequestCount.ShouldBe(2);
    }

    [Theory]
    [InlineData(FakeServerFault.Unauthorized, ModelFailureKind.Authentication)]
    [InlineData(FakeServerFault.QuotaExceeded, ModelFailureKind.Quota)]
    [InlineData(FakeServerFault.ContentFilter, ModelFailureKind.ContentRefused)]
    public async Task Create_PermanentFailure_IsNotRetriedAndCarriesItsCategory(FakeServerFault fault, ModelFailureKind expected)
    {
        IChatClient client = Create();
        _server.EnqueueFault(fault);

        var ex = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        ex.FailureKind.ShouldBe(expected);
        ModelFailureClassifier.Classify(ex).ShouldBe(expected);
        _server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task CheckEndpointAsync_RejectedKey_ThrowsNamingTheKeyWithoutAChatCall()
    {
        _server.RequiredApiKey = "right";
        ProviderSettings settings = ProviderSettings.Resolve(null, _server.BaseAddress.ToString(), "m", new Dictionary<ModelRoleKind, string?>(), _ => "wrong");

        var ex = await Should.ThrowAsync<ModelServiceException>(() => ChatClientFactory.CheckEndpointAsync(settings, TestContext.Current.CancellationToken));

        ex.StatusCode.ShouldBe(401);
        ex.Message.ShouldContain("rejected the API key");
        _server.RequestCount.ShouldBe(0);
    }

    [Fact]
    public async Task CheckEndpointAsync_LiveServer_Passes()
    {
        ProviderSettings settings = ProviderSettings.Resolve(null, _server.BaseAddress.ToString(), "m", new Dictionary<ModelRoleKind, string?>(), _ => "k");

        await ChatClientFactory.CheckEndpointAsync(settings, TestContext.Current.CancellationToken);

        _server.ModelsRequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task Create_RejectedKey_FailsWithoutRetrying()
    {
        using IChatClient client = Create(key: "wrong");
        _server.RequiredApiKey = "right";

        var ex = await Should.ThrowAsync<ModelServiceException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        ex.StatusCode.ShouldBe(401);
        _server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task Create_WithCache_SecondIdenticalCallIsServedFromCache()
    {
        using IChatClient client = Create(cache: true);

        await client.GetResponseAsync("same question", new ChatOptions { Temperature = 0 }, TestContext.Current.CancellationToken);
        ChatResponse second = await client.GetResponseAsync("same question", new ChatOptions { Temperature = 0 }, TestContext.Current.CancellationToken);

        second.Text.ShouldBe(SchemaEchoChatClient.TextReply);
        _server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public void Create_Simulator_ReturnsTheOfflineSimulator()
    {
        ProviderSettings settings = ProviderSettings.Resolve(null, null, null, new Dictionary<ModelRoleKind, string?>(), _ => null);

        using IChatClient client = ChatClientFactory.Create(settings, seed: 3, TimeSpan.FromSeconds(1), TimeProvider.System);

        client.ShouldBeOfType<SimulatedChatClient>();
    }
}
