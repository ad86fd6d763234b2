using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace PromptForge.Testing;

/// <summary>
/// An <see cref="IChatClient"/> that answers from a script, for tests: per PromptForge role tag (read from
/// <see cref="ChatOptions.AdditionalProperties"/>[<see cref="PromptForgeChatOptionKeys.Role"/>]) and for any role, each a queue of
/// replies (texts, responses or exceptions) and/or a callback. Every call is recorded in <see cref="Calls"/>. Thread-safe.
/// </summary>
/// <remarks>
/// A call is answered by, in order: the queue of its role, the callback of its role, the default queue, the default callback.
/// When none has a reply, the call fails with an <see cref="InvalidOperationException"/> naming the role and the call number.
/// </remarks>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<ScriptedReply>> _roleQueues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<ScriptedCall, ScriptedReply>> _roleResponders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _roleCallCounts = new(StringComparer.Ordinal);
    private readonly Queue<ScriptedReply> _defaultQueue = new();
    private readonly List<ScriptedCall> _calls = [];
    private readonly TimeProvider _timeProvider;
    private Func<ScriptedCall, ScriptedReply>? _defaultResponder;

    /// <summary>Initializes a new instance of the <see cref="ScriptedChatClient"/> class.</summary>
    /// <param name="timeProvider">The clock for latencies and call timestamps; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    public ScriptedChatClient(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets or sets the model id reported in responses when the request names none.</summary>
    /// <value>The default is <c>scripted</c>.</value>
    public string ModelId { get; set; } = "scripted";

    /// <summary>Gets or sets the time every call takes before it answers, unless its reply sets its own.</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// Gets or sets how the token usage of a reply is computed when the reply does not set it (and its response carries none).
    /// </summary>
    /// <value>The default estimates one token per four characters of the request text (input) and of the reply text (output).</value>
    public Func<ScriptedCall, ChatResponse, UsageDetails> UsageCalculator { get; set; } = EstimateUsage;

    /// <summary>Gets a snapshot of every call received so far, in arrival order.</summary>
    public IReadOnlyList<ScriptedCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Adds replies to the queue used for any role without a reply of its own.</summary>
    /// <param name="replies">The replies, answered in order.</param>
    /// <returns>This client, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="replies"/> or one of them is <see langword="null"/>.</exception>
    public ScriptedChatClient Enqueue(params IEnumerable<ScriptedReply> replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        lock (_gate)
        {
            foreach (var reply in replies)
            {
                ArgumentNullException.ThrowIfNull(reply, nameof(replies));
                _defaultQueue.Enqueue(reply);
            }
        }

        return this;
    }

    /// <summary>Adds replies to the queue of calls made with the role tag <paramref name="role"/>.</summary>
    /// <param name="role">The role tag, for example <c>sipdo.error_analysis</c>.</param>
    /// <param name="replies">The replies, answered in order.</param>
    /// <returns>This client, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="role"/> is <see langword="null"/>, empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="replies"/> or one of them is <see langword="null"/>.</exception>
    public ScriptedChatClient EnqueueForRole(string role, params IEnumerable<ScriptedReply> replies)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentNullException.ThrowIfNull(replies);
        lock (_gate)
        {
            if (!_roleQueues.TryGetValue(role, out var queue))
            {
                _roleQueues[role] = queue = new Queue<ScriptedReply>();
            }

            foreach (var reply in replies)
            {
                ArgumentNullException.ThrowIfNull(reply, nameof(replies));
                queue.Enqueue(reply);
            }
        }

        return this;
    }

    /// <summary>Answers every call that no role-specific script or default queue answers with <paramref name="responder"/>.</summary>
    /// <param name="responder">Computes the reply from the call; it may return a string, a response or an exception.</param>
    /// <returns>This client, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="responder"/> is <see langword="null"/>.</exception>
    public ScriptedChatClient RespondWith(Func<ScriptedCall, ScriptedReply> responder)
    {
        ArgumentNullException.ThrowIfNull(responder);
        lock (_gate)
        {
            _defaultResponder = responder;
        }

        return this;
    }

    /// <summary>Answers calls made with the role tag <paramref name="role"/> (once its queue is empty) with <paramref name="responder"/>.</summary>
    /// <param name="role">The role tag.</param>
    /// <param name="responder">Computes the reply from the call; it may return a string, a response or an exception.</param>
    /// <returns>This client, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="role"/> is <see langword="null"/>, empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="responder"/> is <see langword="null"/>.</exception>
    public ScriptedChatClient RespondForRoleWith(string role, Func<ScriptedCall, ScriptedReply> responder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentNullException.ThrowIfNull(responder);
        lock (_gate)
        {
            _roleResponders[role] = responder;
        }

        return this;
    }

    /// <summary>Gets the calls made with the role tag <paramref name="role"/> (<see langword="null"/>: calls without a tag).</summary>
    /// <param name="role">The role tag.</param>
    /// <returns>The calls, in arrival order.</returns>
    public IReadOnlyList<ScriptedCall> CallsForRole(string? role) => [.. Calls.Where(c => string.Equals(c.Role, role, StringComparison.Ordinal))];

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return AnswerAsync(messages, options, streaming: false, cancellationToken);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var response = await AnswerAsync(messages, options, streaming: true, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", null, ModelId)
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Nothing to release.
    }

    private static UsageDetails EstimateUsage(ScriptedCall call, ChatResponse response)
    {
        var inputCharacters = call.Messages.Sum(m => (long)m.Text.Length);
        return new UsageDetails
        {
            InputTokenCount = (inputCharacters + 3) / 4,
            OutputTokenCount = (response.Text.Length + 3) / 4,
            TotalTokenCount = ((inputCharacters + 3) / 4) + ((response.Text.Length + 3) / 4),
        };
    }

    private async Task<ChatResponse> AnswerAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (call, reply) = Record(messages, options, streaming);

        var latency = reply.Latency ?? Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        if (reply.Exception is { } exception)
        {
            throw exception;
        }

        var response = reply.Response ?? new ChatResponse(new ChatMessage(ChatRole.Assistant, reply.Text))
        {
            ModelId = options?.ModelId ?? ModelId,
            FinishReason = ChatFinishReason.Stop,
            CreatedAt = call.Timestamp,
        };

        if (reply.InputTokens is not null || reply.OutputTokens is not null)
        {
            response.Usage = new UsageDetails
            {
                InputTokenCount = reply.InputTokens ?? 0,
                OutputTokenCount = reply.OutputTokens ?? 0,
                TotalTokenCount = (reply.InputTokens ?? 0) + (reply.OutputTokens ?? 0),
            };
        }
        else
        {
            response.Usage ??= UsageCalculator(call, response);
        }

        return response;
    }

    private (ScriptedCall Call, ScriptedReply Reply) Record(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming)
    {
        var role = options?.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.Role, out var tag) == true ? tag?.ToString() : null;
        var roleKey = role ?? string.Empty;
        var timestamp = _timeProvider.GetUtcNow();
        ScriptedCall call;
        Func<ScriptedCall, ScriptedReply>? responder = null;
        ScriptedReply? reply = null;
        lock (_gate)
        {
            _roleCallCounts[roleKey] = _roleCallCounts.GetValueOrDefault(roleKey) + 1;
            call = new ScriptedCall(_calls.Count + 1, _roleCallCounts[roleKey], role, [.. messages], options?.Clone(), timestamp, streaming);
            _calls.Add(call);

            if (role is not null && _roleQueues.TryGetValue(role, out var roleQueue) && roleQueue.TryDequeue(out var queued))
            {
                reply = queued;
            }
            else if (role is not null && _roleResponders.TryGetValue(role, out var roleResponder))
            {
                responder = roleResponder;
            }
            else if (_defaultQueue.TryDequeue(out var defaultQueued))
            {
                reply = defaultQueued;
            }
            else
            {
                responder = _defaultResponder;
            }
        }

        // Callbacks run outside the lock: they may be slow or call back into the client.
        reply ??= responder?.Invoke(call) ?? throw new InvalidOperationException(
            $"ScriptedChatClient has no reply left for role '{role ?? "(none)"}' (call {call.RoleCallNumber} of that role, call {call.Number} overall). "
            + "Enqueue more replies or register a responder for it.");
        return (call, reply);
    }
}
