using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Providers;

/// <summary>
/// Sends each call to the client of its role kind (the kind PromptForge's model gateway writes into
/// <see cref="ChatOptions.AdditionalProperties"/>), else to the default client: one vendor for the generator, another
/// for the critics. The loop builder's <c>WithRoleClient</c> does the same for the loop; this client also serves what
/// runs after it (held-out evaluation, estimates) with the same routing.
/// </summary>
internal sealed class RoleRoutingChatClient(IChatClient defaultClient, IReadOnlyDictionary<ModelRoleKind, IChatClient> roleClients) : IChatClient
{
    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        For(options).GetResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        For(options).GetStreamingResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : defaultClient.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        defaultClient.Dispose();
        foreach (IChatClient client in roleClients.Values.Distinct())
        {
            client.Dispose();
        }
    }

    private IChatClient For(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.RoleKind, out object? value) == true
        && Enum.TryParse(value?.ToString(), ignoreCase: true, out ModelRoleKind kind)
        && roleClients.TryGetValue(kind, out IChatClient? client)
            ? client
            : defaultClient;
}
