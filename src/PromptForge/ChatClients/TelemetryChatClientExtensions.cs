using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>Adds OpenTelemetry-friendly traces and metrics to an <see cref="IChatClient"/>.</summary>
public static class TelemetryChatClientExtensions
{
    /// <summary>
    /// Wraps <paramref name="client"/> so that every call is recorded as an activity named <c>chat {model}</c> and in the
    /// <c>gen_ai.client.operation.duration</c> and <c>gen_ai.client.token.usage</c> histograms, under the source and meter
    /// named <see cref="PromptForgeTelemetry.SourceName"/>, with the PromptForge role tag. Message content is never recorded.
    /// Place it outside the response cache to see hits (tagged <c>promptforge.cache_hit</c>, their tokens not counted)
    /// or inside it to see only paid calls.
    /// </summary>
    /// <param name="client">The client to wrap.</param>
    /// <param name="timeProvider">The clock that measures durations; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    /// <returns>A client that records telemetry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public static IChatClient WithTelemetry(this IChatClient client, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new TelemetryChatClient(client, timeProvider ?? TimeProvider.System);
    }
}
