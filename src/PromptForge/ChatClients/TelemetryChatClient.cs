using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>
/// Records every chat call as an OpenTelemetry-friendly activity and metrics with the gen_ai semantic convention names
/// (see <see cref="PromptForgeTelemetry"/>). Message content is never recorded; use the logging middleware at Trace level for that.
/// </summary>
/// <remarks>
/// Kept beside Microsoft.Extensions.AI's OpenTelemetryChatClient (which records the same gen_ai names, server address and port
/// included) only for what that one cannot know: the PromptForge role and role-kind dimensions, and cache hits tagged and not
/// counted as token usage. See <see cref="PromptForgeTelemetryChatClientBuilderExtensions.UsePromptForgeTelemetry"/>.
/// </remarks>
internal sealed class TelemetryChatClient : DelegatingChatClient
{
    private static readonly ActivitySource Source = new(PromptForgeTelemetry.SourceName);
    private static readonly Meter Meter = new(PromptForgeTelemetry.SourceName);

    private static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        GenAiTelemetryNames.OperationDurationMetric, unit: "s", description: "GenAI operation duration.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] });

    private static readonly Histogram<long> TokenUsage = Meter.CreateHistogram<long>(
        GenAiTelemetryNames.TokenUsageMetric, unit: "{token}", description: "Measures number of input and output tokens used.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864] });

    private readonly TimeProvider _timeProvider;
    private readonly ChatClientMetadata? _metadata;

    public TelemetryChatClient(IChatClient innerClient, TimeProvider timeProvider)
        : base(innerClient)
    {
        _timeProvider = timeProvider;
        _metadata = innerClient.GetService<ChatClientMetadata>();
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var activity = StartActivity(options);
        var started = _timeProvider.GetTimestamp();
        ChatResponse? response = null;
        Exception? error = null;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            Record(activity, options, response, error, started);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var activity = StartActivity(options);
        var started = _timeProvider.GetTimestamp();
        var updates = new List<ChatResponseUpdate>();
        Exception? error = null;
        var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception ex)
                {
                    error = ex;
                    throw;
                }

                updates.Add(enumerator.Current);
                yield return enumerator.Current;
            }
        }
        finally
        {
            Record(activity, options, updates.ToChatResponse(), error, started);
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Activity? StartActivity(ChatOptions? options)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var model = options?.ModelId ?? _metadata?.DefaultModelId;
        var activity = Source.StartActivity(string.IsNullOrEmpty(model) ? GenAiTelemetryNames.ChatOperation : $"{GenAiTelemetryNames.ChatOperation} {model}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GenAiTelemetryNames.OperationName, GenAiTelemetryNames.ChatOperation)
                .SetTag(GenAiTelemetryNames.RequestModel, model)
                .SetTag(GenAiTelemetryNames.ProviderName, _metadata?.ProviderName)
                .SetTag(GenAiTelemetryNames.ServerAddress, _metadata?.ProviderUri?.Host)
                .SetTag(GenAiTelemetryNames.ServerPort, _metadata?.ProviderUri?.Port)
                .SetTag(GenAiTelemetryNames.RequestTemperature, options?.Temperature)
                .SetTag(GenAiTelemetryNames.RequestMaxTokens, options?.MaxOutputTokens)
                .SetTag(GenAiTelemetryNames.RequestTopP, options?.TopP)
                .SetTag(GenAiTelemetryNames.RequestSeed, options?.Seed)
                .SetTag(GenAiTelemetryNames.Role, ChatCallRole.GetRoleTag(options))
                .SetTag(GenAiTelemetryNames.RoleKind, ChatCallRole.GetRoleKind(options));
        }

        return activity;
    }

    private void Record(Activity? activity, ChatOptions? options, ChatResponse? response, Exception? error, long started)
    {
        var duration = _timeProvider.GetElapsedTime(started);
        var requestModel = options?.ModelId ?? _metadata?.DefaultModelId;
        var errorType = error?.GetType().FullName;

        if (OperationDuration.Enabled || TokenUsage.Enabled)
        {
            var tags = new TagList
            {
                { GenAiTelemetryNames.OperationName, GenAiTelemetryNames.ChatOperation },
                { GenAiTelemetryNames.RequestModel, requestModel },
                { GenAiTelemetryNames.Role, ChatCallRole.GetRoleTag(options) },
            };
            if (_metadata?.ProviderName is { } provider)
            {
                tags.Add(GenAiTelemetryNames.ProviderName, provider);
            }

            if (_metadata?.ProviderUri is { } endpoint)
            {
                tags.Add(GenAiTelemetryNames.ServerAddress, endpoint.Host);
                tags.Add(GenAiTelemetryNames.ServerPort, endpoint.Port);
            }

            if (response?.ModelId is { } responseModel)
            {
                tags.Add(GenAiTelemetryNames.ResponseModel, responseModel);
            }

            if (errorType is not null)
            {
                tags.Add(GenAiTelemetryNames.ErrorType, errorType);
            }

            OperationDuration.Record(duration.TotalSeconds, tags);

            // A cache hit cost nothing: its recorded usage is not counted again.
            if (error is null && response?.Usage is { } usage && !ChatCallRole.IsCacheHit(response))
            {
                RecordTokens(usage.InputTokenCount, GenAiTelemetryNames.InputTokenType, tags);
                RecordTokens(usage.OutputTokenCount, GenAiTelemetryNames.OutputTokenType, tags);
            }
        }

        if (activity is { IsAllDataRequested: true })
        {
            if (error is not null)
            {
                activity.SetTag(GenAiTelemetryNames.ErrorType, errorType).SetStatus(ActivityStatusCode.Error, error.Message);
            }
            else if (response is not null)
            {
                activity.SetTag(GenAiTelemetryNames.ResponseModel, response.ModelId)
                    .SetTag(GenAiTelemetryNames.ResponseId, response.ResponseId)
                    .SetTag(GenAiTelemetryNames.ResponseFinishReasons, response.FinishReason is { } reason ? new[] { reason.Value } : null)
                    .SetTag(GenAiTelemetryNames.UsageInputTokens, response.Usage?.InputTokenCount)
                    .SetTag(GenAiTelemetryNames.UsageOutputTokens, response.Usage?.OutputTokenCount)
                    .SetTag(GenAiTelemetryNames.CacheHit, ChatCallRole.IsCacheHit(response));
            }
        }
    }

    private static void RecordTokens(long? count, string tokenType, TagList tags)
    {
        if (count is long tokens)
        {
            tags.Add(GenAiTelemetryNames.TokenType, tokenType);
            TokenUsage.Record(tokens, tags);
        }
    }
}
