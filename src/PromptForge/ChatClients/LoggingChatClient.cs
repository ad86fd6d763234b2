using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace PromptForge;

/// <summary>
/// Logs chat calls: start, completion (model, tokens, duration, cache hit) and failures at Debug/Warning;
/// the messages and the reply text only at Trace, because they may hold user data. Headers and keys are never logged.
/// </summary>
/// <remarks>
/// Kept beside Microsoft.Extensions.AI's LoggingChatClient, whose Debug lines say only that a call was invoked and completed:
/// this one's Debug line carries the role, model, tokens, duration, cache hit and finish reason, so a run can be followed
/// without Trace (and the user data Trace logs). See <see cref="PromptForgeLoggingChatClientBuilderExtensions.UsePromptForgeLogging"/>.
/// </remarks>
internal sealed partial class LoggingChatClient : DelegatingChatClient
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public LoggingChatClient(IChatClient innerClient, ILogger logger, TimeProvider timeProvider)
        : base(innerClient)
    {
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var role = ChatCallRole.GetRoleTag(options);
        LogStart(request, options, role, streaming: false);
        var started = _timeProvider.GetTimestamp();
        try
        {
            var response = await base.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
            LogCompletion(response, role, started);
            return response;
        }
        catch (Exception ex)
        {
            LogFailure(ex, role, options, started, cancellationToken);
            throw;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var role = ChatCallRole.GetRoleTag(options);
        LogStart(request, options, role, streaming: true);
        var started = _timeProvider.GetTimestamp();
        var updates = new List<ChatResponseUpdate>();
        var enumerator = base.GetStreamingResponseAsync(request, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using var disposeEnumerator = enumerator.ConfigureAwait(false);
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
                LogFailure(ex, role, options, started, cancellationToken);
                throw;
            }

            updates.Add(enumerator.Current);
            yield return enumerator.Current;
        }

        LogCompletion(updates.ToChatResponse(), role, started);
    }

    private void LogStart(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string? role, bool streaming)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogCallStarted(_logger, role, options?.ModelId, messages.Count, streaming);
        }

        if (_logger.IsEnabled(LogLevel.Trace))
        {
            LogRequestContent(
                _logger,
                role,
                JsonSerializer.Serialize(messages, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IReadOnlyList<ChatMessage>))),
                options is null ? "null" : JsonSerializer.Serialize(options, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatOptions))));
        }
    }

    private void LogCompletion(ChatResponse response, string? role, long started)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogCallCompleted(
                _logger, role, response.ModelId, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount,
                Milliseconds(started), ChatCallRole.IsCacheHit(response), response.FinishReason?.Value);
        }

        if (_logger.IsEnabled(LogLevel.Trace))
        {
            LogResponseContent(_logger, role, response.Text);
        }
    }

    private void LogFailure(Exception exception, string? role, ChatOptions? options, long started, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            LogCallCancelled(_logger, role, Milliseconds(started));
        }
        else
        {
            LogCallFailed(_logger, exception, role, options?.ModelId, Milliseconds(started), exception.GetType().Name);
        }
    }

    private double Milliseconds(long started) => _timeProvider.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Chat call started: role {Role}, model {Model}, {MessageCount} messages, streaming {Streaming}.")]
    private static partial void LogCallStarted(ILogger logger, string? role, string? model, int messageCount, bool streaming);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Chat call completed: role {Role}, model {Model}, {InputTokens} input tokens, {OutputTokens} output tokens, {ElapsedMilliseconds} ms, cache hit {CacheHit}, finish reason {FinishReason}.")]
    private static partial void LogCallCompleted(ILogger logger, string? role, string? model, long? inputTokens, long? outputTokens, double elapsedMilliseconds, bool cacheHit, string? finishReason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Chat call failed: role {Role}, model {Model}, after {ElapsedMilliseconds} ms with {ErrorType}.")]
    private static partial void LogCallFailed(ILogger logger, Exception exception, string? role, string? model, double elapsedMilliseconds, string errorType);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Chat call cancelled: role {Role}, after {ElapsedMilliseconds} ms.")]
    private static partial void LogCallCancelled(ILogger logger, string? role, double elapsedMilliseconds);

    [LoggerMessage(EventId = 5, Level = LogLevel.Trace, Message = "Chat request content: role {Role}, messages {Messages}, options {Options}.")]
    private static partial void LogRequestContent(ILogger logger, string? role, string messages, string options);

    [LoggerMessage(EventId = 6, Level = LogLevel.Trace, Message = "Chat response content: role {Role}, text {Text}.")]
    private static partial void LogResponseContent(ILogger logger, string? role, string text);
}
