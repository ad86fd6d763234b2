using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace PromptForge;

/// <summary>Adds a response cache (record/replay) to an <see cref="IChatClient"/>, outside a host's pipeline.</summary>
public static class ResponseCacheChatClientExtensions
{
    /// <summary>
    /// Wraps <paramref name="client"/> in the stage added by <see cref="ResponseCacheChatClientBuilderExtensions.UseResponseCache"/>:
    /// shorthand for <c>client.AsBuilder().UseResponseCache(...).Build()</c> with an explicit clock.
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
        return ResponseCacheChatClientBuilderExtensions.AddResponseCache(client.AsBuilder(), cache, options ?? new ChatResponseCacheOptions())
            .Build(new ChatMiddlewareServices(timeProvider));
    }
}
