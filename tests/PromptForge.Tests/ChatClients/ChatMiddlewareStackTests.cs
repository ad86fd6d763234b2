using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using PromptForge.Testing;

namespace PromptForge.Tests.ChatClients;

public sealed class ChatMiddlewareStackTests
{
    [Fact]
    public async Task GetResponseAsync_FullStackOverFaultyModel_SucceedsWithoutMutatingOptions()
    {
        var clock = new ManualTimeProvider();
        var directory = Path.Combine(Path.GetTempPath(), "promptforge-stack-tests", Path.GetRandomFileName());
        var model = new ScriptedChatClient(clock).RespondWith(call => $"answer to {call.LastUserText}");
        var faults = new FaultInjectingChatClient(model).FailNext(1, FaultKind.RateLimited).FailNext(1, FaultKind.ServerError);
        using var client = faults
            .WithResilience(new ChatResilienceOptions { EnableCircuitBreaker = false }, clock)
            .WithRateLimiting(new ChatRateLimitOptions { RequestsPerMinute = 100, TokensPerMinute = 100_000 }, clock)
            .WithResponseCache(new FileDistributedCache(directory, clock))
            .WithTelemetry(clock)
            .WithLogging(NullLoggerFactory.Instance, clock);
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
            var first = await clock.RunAsync(client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options, TestContext.Current.CancellationToken));
            var second = await clock.RunAsync(client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options, TestContext.Current.CancellationToken));

            first.Text.ShouldBe("answer to q");
            second.Text.ShouldBe("answer to q");
            faults.CallCount.ShouldBe(3);
            model.Calls.Count.ShouldBe(1);
            JsonSerializer.Serialize(options, AIJsonUtilities.DefaultOptions).ShouldBe(before);
            options.StopSequences.ShouldBe(["END"]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
