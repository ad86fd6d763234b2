using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>Adds PromptForge's per-role telemetry to a <see cref="ChatClientBuilder"/> pipeline, beside Microsoft.Extensions.AI's own.</summary>
public static class PromptForgeTelemetryChatClientBuilderExtensions
{
    /// <summary>
    /// Adds a stage that records every call as an activity named <c>chat {model}</c> and in the
    /// <c>gen_ai.client.operation.duration</c> and <c>gen_ai.client.token.usage</c> histograms, under the source and meter
    /// named <see cref="PromptForgeTelemetry.SourceName"/>, with the PromptForge role tags. Message content is never recorded.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c> records the same gen_ai conventions (including <c>server.address</c>
    /// and <c>server.port</c>) and is the one to use for standard dashboards. This stage exists only for what that one cannot
    /// know: the <c>promptforge.role</c> and <c>promptforge.role_kind</c> dimensions on spans and metrics (cost and latency per
    /// role: generator, task, critic, updater), and cache hits tagged <c>promptforge.cache_hit</c> whose replayed tokens are not
    /// counted in <c>gen_ai.client.token.usage</c> (the ME.AI client counts a hit's recorded usage again when placed outside the cache).
    /// </para>
    /// <para>
    /// Place it before the response cache to see hits, or after it to see only paid calls. Durations follow the
    /// <see cref="TimeProvider"/> registered in the services, or the system clock.
    /// </para>
    /// </remarks>
    /// <param name="builder">The pipeline builder.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder UsePromptForgeTelemetry(this ChatClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) => new TelemetryChatClient(inner, ChatMiddlewareServices.GetTimeProvider(services)));
    }
}
