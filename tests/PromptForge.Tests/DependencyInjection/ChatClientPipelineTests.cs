using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromptForge.Testing;

namespace PromptForge.Tests.DependencyInjection;

/// <summary>PromptForge's middleware as stages of a host's <c>services.AddChatClient(...)</c> pipeline, beside Microsoft.Extensions.AI's own.</summary>
public sealed class ChatClientPipelineTests : IDisposable
{
    private readonly string _cacheDirectory = Path.Combine(Path.GetTempPath(), "promptforge-pipeline-tests", Path.GetRandomFileName());
    private readonly FakeTimeProvider _clock = new();

    public void Dispose()
    {
        if (Directory.Exists(_cacheDirectory))
        {
            Directory.Delete(_cacheDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task AddChatClient_PromptForgeStagesAfterUseOpenTelemetry_ComposeInTheOrderAdded()
    {
        var model = new ScriptedChatClient(_clock).RespondWith(call => $"answer to {call.LastUserText}");
        var faults = new FaultInjectingChatClient(model).FailNext(1, FaultKind.ServerError);
        var services = new ServiceCollection().AddSingleton<TimeProvider>(_clock).AddLogging();
        services.AddChatClient(faults)
            .UseOpenTelemetry()
            .UsePromptForgeLogging()
            .UseResponseCache(configure: o => o.CacheDirectory = _cacheDirectory)
            .UseResilience(o => { o.BaseDelay = TimeSpan.Zero; o.MaxDelay = TimeSpan.Zero; o.EnableCircuitBreaker = false; })
            .UseRateLimiting(o => o.RequestsPerMinute = 600);
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();
        var token = TestContext.Current.CancellationToken;

        var first = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: token);
        var second = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: token);

        client.GetService<OpenTelemetryChatClient>().ShouldNotBeNull();
        client.GetService<LoggingChatClient>().ShouldNotBeNull("the logger factory comes from the services");
        first.Text.ShouldBe("answer to q");
        second.AdditionalProperties![PromptForgeChatOptionKeys.CacheHit].ShouldBe(true);
        faults.CallCount.ShouldBe(2, "the 503 was retried below the cache");
        model.Calls.Count.ShouldBe(1);
        client.GetService<RateLimitingChatClient>()!.RequestLimiterStatistics!.TotalSuccessfulLeases.ShouldBe(2, "both attempts took a permit, the hit none");
        provider.GetRequiredService<IChatClient>().ShouldBeSameAs(client, "one pipeline, so every loop shares its limiter");
        Directory.EnumerateFiles(_cacheDirectory, "*.bin", SearchOption.AllDirectories).Count().ShouldBe(1);
    }

    [Fact]
    public async Task UseResponseCache_DefaultFileCache_ExpiresOnTheTimeProviderFromServices()
    {
        var model = new ScriptedChatClient(_clock).RespondWith(_ => "ok");
        var services = new ServiceCollection().AddSingleton<TimeProvider>(_clock);
        services.AddChatClient(model).UseResponseCache(configure: o => { o.CacheDirectory = _cacheDirectory; o.Expiration = TimeSpan.FromHours(1); });
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();
        var token = TestContext.Current.CancellationToken;

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: token);
        _clock.Advance(TimeSpan.FromMinutes(59));
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: token);
        model.Calls.Count.ShouldBe(1);

        _clock.Advance(TimeSpan.FromMinutes(2));
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: token);
        model.Calls.Count.ShouldBe(2, "the entry expired on the services' clock, not the machine's");
    }

    [Fact]
    public void UsePromptForgeLogging_NoLoggerFactoryInServices_AddsNoStage()
    {
        var services = new ServiceCollection();
        services.AddChatClient(new ScriptedChatClient()).UsePromptForgeLogging();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IChatClient>().GetService<LoggingChatClient>().ShouldBeNull();
    }

    [Fact]
    public void UseResilience_InvalidOptions_ThrowsWhenAddedListingEveryProblem()
    {
        var builder = new ServiceCollection().AddChatClient(new ScriptedChatClient());

        var error = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(
            () => builder.UseResilience(o => { o.MaxRetryAttempts = -1; o.BaseDelay = TimeSpan.FromSeconds(10); o.MaxDelay = TimeSpan.FromSeconds(1); }));

        error.Failures.Count().ShouldBe(2);
        error.Message.ShouldContain("MaxRetryAttempts");
        error.Message.ShouldContain("MaxDelay");
    }
}
