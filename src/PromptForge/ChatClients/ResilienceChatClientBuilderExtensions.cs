using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace PromptForge;

/// <summary>Adds PromptForge's resilience (retries, per-attempt timeout, circuit breaker) to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class ResilienceChatClientBuilderExtensions
{
    /// <summary>
    /// Adds a stage that retries transient failures (timeouts, HTTP 408, 429 and 5xx, connection errors) with exponential
    /// backoff and jitter, honoring a server's <c>Retry-After</c>; each attempt has a timeout, and a circuit breaker stops
    /// calling a service that keeps failing. HTTP 400, 401, 403, 404 and content-filter refusals are never retried.
    /// Provider adapters report service errors as <see cref="ModelServiceException"/>.
    /// </summary>
    /// <remarks>
    /// Add it before <see cref="RateLimitingChatClientBuilderExtensions.UseRateLimiting(ChatClientBuilder, Action{ChatRateLimitOptions})"/>
    /// (stages added first are outermost), so that every attempt, retries included, takes a rate-limit permit.
    /// Delays and timeouts follow the <see cref="TimeProvider"/> registered in the services, or the system clock.
    /// </remarks>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> keeps the defaults of <see cref="ChatResilienceOptions"/>.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The configured options are invalid; the exception lists every problem.</exception>
    public static ChatClientBuilder UseResilience(this ChatClientBuilder builder, Action<ChatResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new ChatResilienceOptions();
        configure?.Invoke(options);
        return AddResilience(builder, options);
    }

    /// <summary>Adds the stage with an options object; validated now and again when the pipeline is built.</summary>
    internal static ChatClientBuilder AddResilience(ChatClientBuilder builder, ChatResilienceOptions options)
    {
        Validate(options);
        return builder.Use((inner, services) =>
        {
            Validate(options);
            return new ResilientChatClient(inner, options, ChatMiddlewareServices.GetTimeProvider(services));
        });
    }

    private static void Validate(ChatResilienceOptions options) =>
        ChatClientOptionsValidator.ThrowIfInvalid(
            options,
            options.MaxDelay < options.BaseDelay ? [$"MaxDelay ({options.MaxDelay}) is shorter than BaseDelay ({options.BaseDelay})."] : []);
}
