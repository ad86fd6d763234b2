using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Providers.Juries;

/// <summary>
/// Sends a call whose model id names a juror on another vendor (<c>anthropic:claude-3-5-haiku-latest</c>) to that vendor's
/// client with the plain model name (on a copy of the options; the caller's are never changed); every other call goes to
/// the run's own client.
/// </summary>
internal sealed class JurorRoutingChatClient(IChatClient runClient, IReadOnlyDictionary<string, (IChatClient Client, string Model)> jurors) : IChatClient
{
    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        (IChatClient client, ChatOptions? routed) = Route(options);
        return client.GetResponseAsync(messages, routed, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        (IChatClient client, ChatOptions? routed) = Route(options);
        return client.GetStreamingResponseAsync(messages, routed, cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : runClient.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        runClient.Dispose();
        foreach (IChatClient client in jurors.Values.Select(j => j.Client).Distinct())
        {
            client.Dispose();
        }
    }

    private (IChatClient Client, ChatOptions? Options) Route(ChatOptions? options)
    {
        if (options?.ModelId is { } model && jurors.TryGetValue(model, out var juror))
        {
            ChatOptions routed = options.Clone();
            routed.ModelId = juror.Model;
            return (juror.Client, routed);
        }

        return (runClient, options);
    }
}
