using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace PromptForge;

/// <summary>Adds client-side rate limiting (requests and tokens per minute) to an <see cref="IChatClient"/>.</summary>
public static class RateLimitingChatClientExtensions
{
    /// <summary>
    /// Wraps <paramref name="client"/> so that calls start at most <see cref="ChatRateLimitOptions.RequestsPerMinute"/> times and
    /// consume at most <see cref="ChatRateLimitOptions.TokensPerMinute"/> estimated tokens per minute. Calls over the limit wait
    /// (oldest first) until capacity frees up or the caller cancels. The limiters live in the returned client: every loop
    /// that uses it shares them, so build it once per provider account and share it.
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
        ChatClientOptionsValidator.ThrowIfInvalid(
            options,
            options.RequestsPerMinute is null && options.TokensPerMinute is null ? ["set RequestsPerMinute, TokensPerMinute or both."] : []);
        return new RateLimitingChatClient(client, options, timeProvider ?? TimeProvider.System);
    }

    /// <summary>
    /// Wraps <paramref name="client"/> so that each call first acquires one permit from <paramref name="limiter"/> and holds it
    /// until the call ends. Use it to share one limiter (of any kind, including a <see cref="ConcurrencyLimiter"/>) across clients.
    /// </summary>
    /// <param name="client">The client to wrap.</param>
    /// <param name="limiter">The limiter, owned by the caller (the returned client does not dispose it).</param>
    /// <returns>A rate-limited client.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="limiter"/> is <see langword="null"/>.</exception>
    public static IChatClient WithRateLimiting(this IChatClient client, RateLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(limiter);
        return new RateLimitingChatClient(client, limiter);
    }
}
