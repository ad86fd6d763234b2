using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace PromptForge;

/// <summary>Adds client-side rate limiting (requests and tokens per minute) to an <see cref="IChatClient"/>, outside a host's pipeline.</summary>
public static class RateLimitingChatClientExtensions
{
    /// <summary>
    /// Wraps <paramref name="client"/> in the stage added by
    /// <see cref="RateLimitingChatClientBuilderExtensions.UseRateLimiting(ChatClientBuilder, Action{ChatRateLimitOptions})"/>:
    /// shorthand for <c>client.AsBuilder().UseRateLimiting(...).Build()</c> with an explicit clock. Build it once per provider
    /// account and share it; wrap the result with <see cref="ResilienceChatClientExtensions.WithResilience"/> so that retries take permits too.
    /// </summary>
    /// <param name="client">The client to wrap.</param>
    /// <param name="options">The limits.</param>
    /// <param name="timeProvider">The clock that releases capacity; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    /// <returns>A rate-limited client; disposing it stops its limiters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> is invalid or sets no limit; the exception lists every problem.</exception>
    public static IChatClient WithRateLimiting(this IChatClient client, ChatRateLimitOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        return RateLimitingChatClientBuilderExtensions.AddRateLimiting(client.AsBuilder(), options).Build(new ChatMiddlewareServices(timeProvider));
    }

    /// <summary>
    /// Wraps <paramref name="client"/> in the stage added by
    /// <see cref="RateLimitingChatClientBuilderExtensions.UseRateLimiting(ChatClientBuilder, RateLimiter)"/>: each call first
    /// acquires one permit from <paramref name="limiter"/> and holds it until the call ends.
    /// </summary>
    /// <param name="client">The client to wrap.</param>
    /// <param name="limiter">The limiter, owned by the caller (the returned client does not dispose it).</param>
    /// <returns>A rate-limited client.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="limiter"/> is <see langword="null"/>.</exception>
    public static IChatClient WithRateLimiting(this IChatClient client, RateLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.AsBuilder().UseRateLimiting(limiter).Build();
    }
}
