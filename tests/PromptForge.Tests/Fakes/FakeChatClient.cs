using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace PromptForge.Tests.Fakes;

/// <summary>A minimal chat client for core tests: replies from a callback and records every call.</summary>
internal sealed class FakeChatClient(Func<IReadOnlyList<ChatMessage>, ChatOptions?, string> reply) : IChatClient
{
    private int _inFlight;

    public ConcurrentQueue<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = new();

    public TimeSpan Latency { get; init; }

    public int MaxObservedConcurrency { get; private set; }

    public int InputTokensPerCall { get; init; } = 10;

    public int OutputTokensPerCall { get; init; } = 5;

    public Func<ChatResponse, ChatResponse>? Decorate { get; init; }

    public static FakeChatClient Constant(string text) => new((_, _) => text);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Calls.Enqueue((list, options));
        int now = Interlocked.Increment(ref _inFlight);
        lock (Calls)
        {
            MaxObservedConcurrency = Math.Max(MaxObservedConcurrency, now);
        }

        try
        {
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, cancellationToken);
            }

            var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(list, options)))
            {
                Usage = new UsageDetails { InputTokenCount = InputTokensPerCall, OutputTokenCount = OutputTokensPerCall },
            };
            return Decorate?.Invoke(response) ?? response;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
