using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace PromptForge;

/// <summary>Adds PromptForge's response cache (record/replay) to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class ResponseCacheChatClientBuilderExtensions
{
    /// <summary>
    /// Adds a stage that answers a request identical to one already answered (same messages, same options including model,
    /// temperature, output limit, response schema, seed, stop sequences, tools and the PromptForge role tag) from the cache,
    /// without calling the stages after it. Hits are marked with <see cref="PromptForgeChatOptionKeys.CacheHit"/> and report the
    /// usage recorded for the original call; only successful, complete responses are stored (never a reply cut by the output limit).
    /// </summary>
    /// <remarks>
    /// It is Microsoft.Extensions.AI's <see cref="DistributedCachingChatClient"/> with a key that is stable across library
    /// versions and the rules above; the configure callback of <see cref="DistributedCachingChatClientBuilderExtensions.UseDistributedCache"/>
    /// is replaced by <paramref name="configure"/>. Add it before <see cref="ResilienceChatClientBuilderExtensions.UseResilience"/>
    /// and rate limiting, so that hits take no permit and need no retry.
    /// </remarks>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="cache">
    /// The cache; <see langword="null"/> uses a <see cref="FileDistributedCache"/> in <see cref="ChatResponseCacheOptions.CacheDirectory"/>
    /// whose expirations follow the <see cref="TimeProvider"/> registered in the services (or the system clock). A registered
    /// <see cref="IDistributedCache"/> is not picked up on its own, because hosts often register an in-memory one that would lose
    /// every entry at exit; pass it here to use it.
    /// </param>
    /// <param name="configure">Sets the options; <see langword="null"/> keeps the defaults of <see cref="ChatResponseCacheOptions"/>.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The configured options are invalid; the exception lists every problem.</exception>
    public static ChatClientBuilder UseResponseCache(this ChatClientBuilder builder, IDistributedCache? cache = null, Action<ChatResponseCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new ChatResponseCacheOptions();
        configure?.Invoke(options);
        return AddResponseCache(builder, cache, options);
    }

    /// <summary>Adds the stage with an options object; validated now and again when the pipeline is built.</summary>
    internal static ChatClientBuilder AddResponseCache(ChatClientBuilder builder, IDistributedCache? cache, ChatResponseCacheOptions options)
    {
        ChatClientOptionsValidator.ThrowIfInvalid(options);
        return builder.Use((inner, services) =>
        {
            ChatClientOptionsValidator.ThrowIfInvalid(options);
            return new ResponseCachingChatClient(
                inner, cache ?? new FileDistributedCache(options.CacheDirectory, ChatMiddlewareServices.GetTimeProvider(services)), options);
        });
    }
}
