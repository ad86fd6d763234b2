using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace PromptForge;

/// <summary>
/// Serves identical requests from an <see cref="IDistributedCache"/> (record/replay), on top of Microsoft.Extensions.AI's
/// <see cref="DistributedCachingChatClient"/>, which keeps the read-or-call-then-write flow and the coalescing of streamed
/// updates. PromptForge overrides the key and the reads and writes, for what its replay needs and the base does not do:
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A key that is stable across library versions (<see cref="ChatResponseCacheKey"/>): the base's key "is not guaranteed
/// to be stable across releases", and a file cache must survive upgrades. It holds the PromptForge role tag and the backend,
/// and is shared by streaming and non-streaming calls (both store one coalesced response).</item>
/// <item>Only successful, complete responses are stored: not refusals, not replies cut by the output limit (finish reason
/// <see cref="ChatFinishReason.Length"/>), not empty replies, not unfinished background responses. The base stores everything.</item>
/// <item>A hit is marked with <see cref="PromptForgeChatOptionKeys.CacheHit"/>, so usage accounting does not count it as paid
/// (a streamed hit carries the mark on its last update, the one holding the response's properties and usage, so the
/// coalesced response is marked).</item>
/// <item>Entries honor <see cref="ChatResponseCacheOptions.Expiration"/>; the base writes without expiration.</item>
/// <item>As in the base, a request that continues a service-side conversation (<see cref="ChatOptions.ConversationId"/> set) bypasses the cache.</item>
/// <item>The cache is an optimization: a failing or corrupt cache, or a request that cannot be keyed, never fails the call, it only misses.</item>
/// </list>
/// </remarks>
internal sealed class ResponseCachingChatClient : DistributedCachingChatClient
{
    /// <summary>Returned by <see cref="GetCacheKey"/> for a request that cannot be keyed: never read, never written.</summary>
    private const string UncacheableKey = "promptforge.chat.uncacheable";

    private readonly IDistributedCache _cache;
    private readonly ChatResponseCacheOptions _options;

    public ResponseCachingChatClient(IChatClient innerClient, IDistributedCache cache, ChatResponseCacheOptions options)
        : base(innerClient, cache)
    {
        _cache = cache;
        _options = options;
    }

    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);

        // Materialized once: the base enumerates the messages for the key and again for the call.
        return base.GetResponseAsync(messages as IReadOnlyList<ChatMessage> ?? messages.ToList(), options, cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        messages = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();

        // The base caches streaming calls unconditionally; ours can opt out, and a cached streamed reply is always coalesced
        // into one response, so that it replays for a non-streaming call too (the base keeps raw updates when not coalescing).
        return _options.CacheStreamingResponses && CoalesceStreamingUpdates
            ? base.GetStreamingResponseAsync(messages, options, cancellationToken)
            : InnerClient.GetStreamingResponseAsync(messages, options, cancellationToken);
    }

    /// <summary>Gets whether <paramref name="response"/> is a successful, complete answer worth replaying.</summary>
    internal static bool IsCacheable(ChatResponse response) =>
        response.ContinuationToken is null
        && response.FinishReason != ChatFinishReason.ContentFilter
        && response.FinishReason != ChatFinishReason.Length
        && response.Messages.Any(m => m.Contents.Count > 0)
        && !response.Messages.SelectMany(m => m.Contents).OfType<ErrorContent>().Any()
        && (response.Messages.SelectMany(m => m.Contents).Any(c => c is not TextContent) || !string.IsNullOrWhiteSpace(response.Text));

    /// <inheritdoc/>
    /// <remarks>
    /// <paramref name="additionalValues"/> (the base's streaming flag) is left out on purpose: a streamed reply is stored as one
    /// coalesced response and replays for either kind of call. <see cref="DistributedCachingChatClient.CacheKeyAdditionalValues"/>,
    /// when set, is part of the key.
    /// </remarks>
    protected override string GetCacheKey(IEnumerable<ChatMessage> messages, ChatOptions? options, params ReadOnlySpan<object?> additionalValues)
    {
        try
        {
            return ChatResponseCacheKey.Compute(
                messages, options, InnerClient.GetService<ChatClientMetadata>(), _options.KeyScope, CacheKeyAdditionalValues, JsonSerializerOptions);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            // An additional property of a type JSON cannot serialize: such a request is not cached rather than failed.
            return UncacheableKey;
        }
    }

    /// <inheritdoc/>
    protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        if (key == UncacheableKey)
        {
            return null;
        }

        byte[]? bytes;
        try
        {
            bytes = await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }

        if (bytes is null)
        {
            return null;
        }

        ChatResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(bytes, JsonSerializerOptions.GetTypeInfo(typeof(ChatResponse))) as ChatResponse;
        }
        catch (JsonException)
        {
            return null;
        }

        if (response is not null)
        {
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[PromptForgeChatOptionKeys.CacheHit] = true;
        }

        return response;
    }

    /// <inheritdoc/>
    /// <remarks>Never called: streamed replies are coalesced and read through <see cref="ReadCacheAsync"/>.</remarks>
    protected override Task<IReadOnlyList<ChatResponseUpdate>?> ReadCacheStreamingAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChatResponseUpdate>?>(null);

    /// <inheritdoc/>
    protected override async Task WriteCacheAsync(string key, ChatResponse value, CancellationToken cancellationToken)
    {
        if (key == UncacheableKey || !IsCacheable(value))
        {
            return;
        }

        // A response replayed by a cache further in must be stored as recorded, not as a hit.
        var flagged = value.AdditionalProperties?.Remove(PromptForgeChatOptionKeys.CacheHit) == true;
        byte[] bytes;
        try
        {
            bytes = JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.GetTypeInfo(typeof(ChatResponse)));
        }
        finally
        {
            if (flagged)
            {
                value.AdditionalProperties![PromptForgeChatOptionKeys.CacheHit] = true;
            }
        }

        var entryOptions = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = _options.Expiration };
        try
        {
            await _cache.SetAsync(key, bytes, entryOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Best effort: the call succeeded, a failed write only means the next identical call is paid again.
        }
    }

    /// <inheritdoc/>
    /// <remarks>Never called: streamed replies are coalesced and written through <see cref="WriteCacheAsync"/>.</remarks>
    protected override Task WriteCacheStreamingAsync(string key, IReadOnlyList<ChatResponseUpdate> value, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
