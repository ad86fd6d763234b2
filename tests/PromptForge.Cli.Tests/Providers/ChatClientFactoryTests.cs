using Microsoft.Extensions.AI;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Tests.Fakes;
using PromptForge.Testing;

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
    public async Task Create_RateLimitedOnce_MiddlewareWaitsRetryAfterAndSucceeds()
    {
        using IChatClient client = Create();
        _server.RetryAfterSeconds = 1;
        _server.EnqueueFault(FakeServerFault.RateLimited);

        ChatResponse response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        response.Text.ShouldBe(SchemaEchoChatClient.TextReply);
        _server.RequestCount.ShouldBe(2);
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
