using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PromptForge.Testing;

namespace PromptForge.Tests.ChatClients;

public sealed class ChatMiddlewareStackTests
{
    [Fact]
    public async Task GetResponseAsync_FullStackOverFaultyModel_SucceedsWithoutMutatingOptions()
    {
        var clock = new FakeTimeProvider();
        var directory = Path.Combine(Path.GetTempPath(), "promptforge-stack-tests", Path.GetRandomFileName());
        var model = new ScriptedChatClient(clock).RespondWith(call => $"answer to {call.LastUserText}");
        var faults = new FaultInjectingChatClient(model).FailNext(1, FaultKind.RateLimited).FailNext(1, FaultKind.ServerError);
        using var services = new ServiceCollection().AddSingleton<TimeProvider>(clock).BuildServiceProvider();

        // Microsoft.Extensions.AI's stages and PromptForge's in one pipeline, in the recommended order (first added is outermost).
        using var client = new ChatClientBuilder(faults)
            .UseOpenTelemetry()
            .UseLogging(NullLoggerFactory.Instance)
            .UsePromptForgeTelemetry()
            .UsePromptForgeLogging(NullLoggerFactory.Instance)
            .UseResponseCache(new FileDistributedCache(directory, clock))
            .UseResilience(o => { o.EnableCircuitBreaker = false; o.BaseDelay = TimeSpan.Zero; o.MaxDelay = TimeSpan.Zero; })
            .UseRateLimiting(o => { o.RequestsPerMinute = 100; o.TokensPerMinute = 100_000; })
            .Build(services);
        var options = new ChatOptions
        {
            ModelId = "m",
            Temperature = 0.5f,
            StopSequences = ["END"],
            AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = "task" },
        };
        var before = JsonSerializer.Serialize(options, AIJsonUtilities.DefaultOptions);

        try
        {
            var first = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options, TestContext.Current.CancellationToken);
            var second = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options, TestContext.Current.CancellationToken);

            first.Text.ShouldBe("answer to q");
            second.Text.ShouldBe("answer to q");
            second.AdditionalProperties![PromptForgeChatOptionKeys.CacheHit].ShouldBe(true);
            faults.CallCount.ShouldBe(3);
            model.Calls.Count.ShouldBe(1);
            client.GetService<RateLimitingChatClient>()!.RequestLimiterStatistics!.TotalSuccessfulLeases.ShouldBe(3, "every attempt takes a permit; the cache hit takes none");
            JsonSerializer.Serialize(options, AIJsonUtilities.DefaultOptions).ShouldBe(before);
            options.StopSequences.ShouldBe(["END"]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
