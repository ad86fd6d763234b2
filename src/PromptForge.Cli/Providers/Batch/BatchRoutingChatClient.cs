using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Providers.Batch;

/// <summary>
/// Sends the calls of the batched roles (by the role tag PromptForge's model gateway writes into
/// <see cref="ChatOptions.AdditionalProperties"/>) to the Batch API client and every other call to the real-time client.
/// </summary>
internal sealed class BatchRoutingChatClient(IChatClient realtime, IChatClient batch, IReadOnlySet<string> batchedRoles) : IChatClient
{
    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        For(options).GetResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        realtime.GetStreamingResponseAsync(messages, options, cancellationToken); // a batch has no stream

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : realtime.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        realtime.Dispose();
        batch.Dispose();
    }

    private IChatClient For(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.Role, out object? role) == true
        && role?.ToString() is { } tag && batchedRoles.Contains(tag)
            ? batch
            : realtime;
}
