using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace PromptForge;

/// <summary>Adds retries, a per-attempt timeout and a circuit breaker to an <see cref="IChatClient"/>.</summary>
public static class ResilienceChatClientExtensions
{
    /// <summary>
    /// Wraps <paramref name="client"/> so that transient failures (timeouts, HTTP 408, 429 and 5xx, connection errors)
    /// are retried with exponential backoff and jitter, honoring a server's <c>Retry-After</c>; each attempt has a timeout
    /// and a circuit breaker stops calling a service that keeps failing. HTTP 400, 401, 403, 404 and content-filter
    /// refusals are never retried. Provider adapters report service errors as <see cref="ModelServiceException"/>.
    /// </summary>
    /// <param name="client">The client to wrap.</param>
    /// <param name="options">The resilience options; <see langword="null"/> uses the defaults of <see cref="ChatResilienceOptions"/>.</param>
    /// <param name="timeProvider">The clock used for delays and timeouts; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    /// <returns>A client that calls <paramref name="client"/> with retries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> is invalid; the exception lists every problem.</exception>
    public static IChatClient WithResilience(this IChatClient client, ChatResilienceOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new ChatResilienceOptions();
        ChatClientOptionsValidator.ThrowIfInvalid(
            options,
            options.MaxDelay < options.BaseDelay ? [$"MaxDelay ({options.MaxDelay}) is shorter than BaseDelay ({options.BaseDelay})."] : []);
        return new ResilientChatClient(client, options, timeProvider ?? TimeProvider.System);
    }
}
