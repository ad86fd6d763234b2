namespace PromptForge;

/// <summary>
/// Names under which PromptForge publishes traces and metrics. Subscribe with OpenTelemetry
/// (<c>.AddSource(PromptForgeTelemetry.SourceName)</c>, <c>.AddMeter(PromptForgeTelemetry.SourceName)</c>) or any
/// <see cref="System.Diagnostics.ActivityListener"/> / <see cref="System.Diagnostics.Metrics.MeterListener"/>.
/// </summary>
/// <remarks>
/// Chat calls follow the OpenTelemetry gen_ai semantic conventions: an activity named <c>chat {model}</c> with
/// <c>gen_ai.*</c> tags, and the histograms <c>gen_ai.client.operation.duration</c> (seconds) and
/// <c>gen_ai.client.token.usage</c> (tokens, split by <c>gen_ai.token.type</c>). PromptForge adds
/// <c>promptforge.role</c>, <c>promptforge.role_kind</c> and <c>promptforge.cache_hit</c>. Message content is never recorded.
/// </remarks>
public static class PromptForgeTelemetry
{
    /// <summary>The name of PromptForge's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string SourceName = "PromptForge";
}
