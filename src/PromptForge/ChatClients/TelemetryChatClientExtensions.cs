using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>Adds PromptForge's per-role telemetry to an <see cref="IChatClient"/>, outside a host's pipeline.</summary>
public static class TelemetryChatClientExtensions
{
    /// <summary>
    /// Wraps <paramref name="client"/> in the stage added by <see cref="PromptForgeTelemetryChatClientBuilderExtensions.UsePromptForgeTelemetry"/>:
    /// shorthand for <c>client.AsBuilder().UsePromptForgeTelemetry().Build()</c> with an explicit clock.
    /// </summary>
    /// <param name="client">The client to wrap.</param>
    /// <param name="timeProvider">The clock that measures durations; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    /// <returns>A client that records telemetry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public static IChatClient WithTelemetry(this IChatClient client, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.AsBuilder().UsePromptForgeTelemetry().Build(new ChatMiddlewareServices(timeProvider));
    }
}
