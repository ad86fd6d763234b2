using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace PromptForge;

/// <summary>
/// Serves identical requests from an <see cref="IDistributedCache"/> (record/replay). Only successful, complete responses are stored:
/// not refusals, not replies cut by the output limit, not empty replies, not unfinished background responses.
/// </summary>
/// <remarks>
/// The cache is an optimization: a failing or corrupt cache never fails the call, it only misses.
/// A hit is marked with <see cref="PromptForgeChatOptionKeys.CacheHit"/> and returns the usage recorded for the original call.
/// </remarks>
internal sealed class ResponseCachingChatClient : DelegatingChatClient
{
    private readonly IDistributedCache _cache;
    private readonly ChatResponseCacheOptions _options;

    public ResponseCachingChatClient(IChatClient innerClient, IDistributedCache cache, ChatResponseCacheOptions options)
        : base(innerClient)
    {
        _cache = cache;
        _options = options;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        if (GetKey(request, options) is not { } key)
        {
            return await base.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
        }

        if (await TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return MarkAsHit(cached);
        }

        var response = await base.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
        await TryStoreAsync(key, response, cancellationToken).ConfigureAwait(false);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        if (!_options.CacheStreamingResponses || GetKey(request, options) is not { } key)
        {
            await foreach (var update in base.GetStreamingResponseAsync(request, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        if (await TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            foreach (var update in MarkAsHit(cached).ToChatResponseUpdates())
            {
                update.AdditionalProperties ??= [];
                update.AdditionalProperties[PromptForgeChatOptionKeys.CacheHit] = true;
                yield return update;
            }

            yield break;
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(request, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }

        // Reached only when the stream completed: an abandoned or failed stream is never cached.
        await TryStoreAsync(key, updates.ToChatResponse(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets whether <paramref name="response"/> is a successful, complete answer worth replaying.</summary>
    internal static bool IsCacheable(ChatResponse response) =>
        response.ContinuationToken is null
        && response.FinishReason != ChatFinishReason.ContentFilter
        && response.FinishReason != ChatFinishReason.Length
        && response.Messages.Any(m => m.Contents.Count > 0)
        && !response.Messages.SelectMany(m => m.Contents).OfType<ErrorContent>().Any()
        && (response.Messages.SelectMany(m => m.Contents).Any(c => c is not TextContent) || !string.IsNullOrWhiteSpace(response.Text));

    private static ChatResponse MarkAsHit(ChatResponse response)
    {
        response.AdditionalProperties ??= [];
        response.AdditionalProperties[PromptForgeChatOptionKeys.CacheHit] = true;
        return response;
    }

    /// <summary>Returns the request's key, or <see langword="null"/> when the request cannot be keyed (then it bypasses the cache).</summary>
    private string? GetKey(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        try
        {
            return ChatResponseCacheKey.Compute(messages, options, InnerClient.GetService<ChatClientMetadata>(), _options.KeyScope);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            // An additional property of a type JSON cannot serialize: such a request is not cached rather than failed.
            return null;
        }
    }

    private async Task<ChatResponse?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
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

        try
        {
            return JsonSerializer.Deserialize(bytes, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse))) as ChatResponse;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task TryStoreAsync(string key, ChatResponse response, CancellationToken cancellationToken)
    {
        if (!IsCacheable(response))
        {
            return;
        }

        // A response replayed by a cache further in must be stored as recorded, not as a hit.
        var flagged = response.AdditionalProperties?.Remove(PromptForgeChatOptionKeys.CacheHit) == true;
        byte[] bytes;
        try
        {
            bytes = JsonSerializer.SerializeToUtf8Bytes(response, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse)));
        }
        finally
        {
            if (flagged)
            {
                response.AdditionalProperties![PromptForgeChatOptionKeys.CacheHit] = true;
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
}
