using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace PromptForge;

/// <summary>Adds a response cache (record/replay) to an <see cref="IChatClient"/>.</summary>
public static class ResponseCacheChatClientExtensions
{
    /// <summary>
    /// Wraps <paramref name="client"/> so that a request identical to one already answered (same messages, same options
    /// including model, temperature, output limit, response schema, seed, stop sequences, tools and the PromptForge role tag)
    /// is answered from <paramref name="cache"/> without calling the model. Hits are marked with
    /// <see cref="PromptForgeChatOptionKeys.CacheHit"/> and report the usage recorded for the original call.
    /// Only successful, complete responses are stored.
    /// </summary>
    /// <param name="client">The client to wrap.</param>
    /// <param name="cache">The cache; <see langword="null"/> uses a <see cref="FileDistributedCache"/> in <see cref="ChatResponseCacheOptions.CacheDirectory"/>.</param>
    /// <param name="options">The cache options; <see langword="null"/> uses the defaults.</param>
    /// <param name="timeProvider">The clock of the default file cache's expirations; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    /// <returns>A caching client.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> is invalid; the exception lists every problem.</exception>
    public static IChatClient WithResponseCache(this IChatClient client, IDistributedCache? cache = null, ChatResponseCacheOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new ChatResponseCacheOptions();
        ChatClientOptionsValidator.ThrowIfInvalid(options);
        return new ResponseCachingChatClient(client, cache ?? new FileDistributedCache(options.CacheDirectory, timeProvider), options);
    }
}
