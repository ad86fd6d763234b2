using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace PromptForge;

/// <summary>Adds retries, a per-attempt timeout and a circuit breaker to an <see cref="IChatClient"/>, outside a host's pipeline.</summary>
public static class ResilienceChatClientExtensions
{
    /// <summary>
    /// Wraps <paramref name="client"/> in the stage added by <see cref="ResilienceChatClientBuilderExtensions.UseResilience"/>:
    /// shorthand for <c>client.AsBuilder().UseResilience(...).Build()</c> with an explicit clock.
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
        return ResilienceChatClientBuilderExtensions.AddResilience(client.AsBuilder(), options ?? new ChatResilienceOptions())
            .Build(new ChatMiddlewareServices(timeProvider));
    }
}
