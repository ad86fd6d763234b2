using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace PromptForge;

/// <summary>Adds client-side rate limiting (requests and tokens per minute) to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class RateLimitingChatClientBuilderExtensions
{
    /// <summary>
    /// Adds a stage that starts calls at most <see cref="ChatRateLimitOptions.RequestsPerMinute"/> times and with at most
    /// <see cref="ChatRateLimitOptions.TokensPerMinute"/> estimated tokens per minute. Calls over the limit wait (oldest first)
    /// until capacity frees up or the caller cancels.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Add it after <see cref="ResilienceChatClientBuilderExtensions.UseResilience"/> (stages added first are outermost), so that it
    /// sits inside the retry and every attempt, retries after a 429 included, takes a permit. The per-attempt timeout then
    /// includes the wait for a permit: when many loops share a tight limit, raise <see cref="ChatResilienceOptions.AttemptTimeout"/>.
    /// </para>
    /// <para>
    /// The limiters live in the built client: every loop that resolves it shares them (a singleton <c>AddChatClient</c>
    /// registration is built once), so one pipeline per provider account keeps all loops under its limits. Windows follow the
    /// <see cref="TimeProvider"/> registered in the services, or the system clock.
    /// </para>
    /// </remarks>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="configure">Sets the limits; at least one of <see cref="ChatRateLimitOptions.RequestsPerMinute"/> and <see cref="ChatRateLimitOptions.TokensPerMinute"/>.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The configured options are invalid or set no limit; the exception lists every problem.</exception>
    public static ChatClientBuilder UseRateLimiting(this ChatClientBuilder builder, Action<ChatRateLimitOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ChatRateLimitOptions();
        configure(options);
        return AddRateLimiting(builder, options);
    }

    /// <summary>
    /// Adds a stage that acquires one permit from <paramref name="limiter"/> before each call and holds it until the call ends.
    /// Use it to share one limiter (of any kind, including a <see cref="ConcurrencyLimiter"/>) across pipelines.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="limiter">The limiter, owned by the caller (the built client does not dispose it).</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="limiter"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder UseRateLimiting(this ChatClientBuilder builder, RateLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(limiter);
        return builder.Use(inner => new RateLimitingChatClient(inner, limiter));
    }

    /// <summary>Adds the stage with an options object; validated now and again when the pipeline is built.</summary>
    internal static ChatClientBuilder AddRateLimiting(ChatClientBuilder builder, ChatRateLimitOptions options)
    {
        Validate(options);
        return builder.Use((inner, services) =>
        {
            Validate(options);
            return new RateLimitingChatClient(inner, options, ChatMiddlewareServices.GetTimeProvider(services));
        });
    }

    private static void Validate(ChatRateLimitOptions options) =>
        ChatClientOptionsValidator.ThrowIfInvalid(
            options,
            options.RequestsPerMinute is null && options.TokensPerMinute is null ? ["set RequestsPerMinute, TokensPerMinute or both."] : []);
}
