using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Providers;

/// <summary>
/// Sends each call to the SDK chat client of the call's <see cref="ChatOptions.ModelId"/> (the role's model), created on
/// first use. The SDK adapters bind one model per client (OpenAI's <c>ChatClient</c>, Azure's deployment URL), so roles
/// with different models on one provider need one adapter each.
/// </summary>
internal sealed class ModelRoutingChatClient : IChatClient
{
    private readonly Func<string, IChatClient> _createForModel;
    private readonly string _defaultModel;
    private readonly ConcurrentDictionary<string, Lazy<IChatClient>> _clients = new(StringComparer.Ordinal);
    private readonly ChatClientMetadata _metadata;

    /// <param name="providerName">The provider, reported in <see cref="ChatClientMetadata"/> (and so in the response-cache key).</param>
    /// <param name="endpoint">The provider's address, reported in <see cref="ChatClientMetadata"/>.</param>
    /// <param name="defaultModel">The model of calls that name none.</param>
    /// <param name="createForModel">Creates the SDK adapter of one model.</param>
    public ModelRoutingChatClient(string providerName, Uri? endpoint, string defaultModel, Func<string, IChatClient> createForModel)
    {
        _createForModel = createForModel;
        _defaultModel = defaultModel;
        _metadata = new ChatClientMetadata(providerName, endpoint, defaultModel);
    }

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
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : For(null).GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Lazy<IChatClient> client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }

    private IChatClient For(ChatOptions? options)
    {
        string model = string.IsNullOrWhiteSpace(options?.ModelId) ? _defaultModel : options.ModelId;
        return _clients.GetOrAdd(model, static (m, create) => new Lazy<IChatClient>(() => create(m)), _createForModel).Value;
    }
}
