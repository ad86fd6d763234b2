using Microsoft.Extensions.AI;

namespace PromptForge.Benchmarks.Core;

/// <summary>A chat client that answers at once (or after a fixed delay) with a fixed reply and usage.</summary>
internal sealed class FixedReplyChatClient(string reply, TimeSpan latency) : IChatClient
{
    private readonly ChatResponse _response = new(new ChatMessage(ChatRole.Assistant, reply))
    {
        Usage = new UsageDetails { InputTokenCount = 120, OutputTokenCount = 30 },
    };

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
        }

        return _response;
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
