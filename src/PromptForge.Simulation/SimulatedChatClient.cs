using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace PromptForge.Simulation;

/// <summary>
/// An offline, deterministic simulator of a chat model for PromptForge roles. It is NOT a language model: it answers
/// with rule-based, schema-valid output whose content depends on the request, so loops, samples and tests run
/// without a provider and show real dynamics. Every response is labeled
/// (<see cref="PromptForgeChatOptionKeys.Simulated"/> and the model id <see cref="SimulatorInfo.DefaultModelId"/>);
/// print <see cref="SimulatorInfo.Label"/> next to any figure it produced.
/// </summary>
/// <remarks>
/// <para>
/// The same seed and the same request (messages, role tag, sampling settings, response schema, option properties)
/// always give the same response. The role tag is read from
/// <see cref="ChatOptions.AdditionalProperties"/>[<see cref="PromptForgeChatOptionKeys.Role"/>] and the requested
/// schema from <see cref="ChatOptions.ResponseFormat"/>.
/// </para>
/// <para>
/// A role whose tag a registered <see cref="ISimulatedRoleBehavior"/> claims
/// (<see cref="SimulatedChatClientOptions.Behaviors"/>; method packages ship one for their roles) gets answers shaped
/// by that behavior. Any other role gets JSON generated from the requested schema, or, without a schema, a short
/// answer drawn from the question (one of the options it offers, a number it mentions, or a phrase of its words).
/// </para>
/// </remarks>
public sealed class SimulatedChatClient : IChatClient
{
    private readonly SimulatedChatClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<string, ISimulatedRoleBehavior> _behaviors;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Initializes a new instance of the <see cref="SimulatedChatClient"/> class.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults (seed 0, no latency, no role behaviors).</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid (every problem is listed).</exception>
    public SimulatedChatClient(SimulatedChatClientOptions? options = null)
    {
        options ??= new SimulatedChatClientOptions();
        options.Validate();

        // A copy: later changes to the caller's options object do not change a running simulator.
        _options = new SimulatedChatClientOptions
        {
            Seed = options.Seed,
            Latency = options.Latency,
            TimeProvider = options.TimeProvider,
            ModelId = options.ModelId,
        };
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        // A snapshot: behaviors added to the caller's options later do not change a running simulator.
        _behaviors = new Dictionary<string, ISimulatedRoleBehavior>(StringComparer.Ordinal);
        foreach (ISimulatedRoleBehavior behavior in options.Behaviors)
        {
            foreach (string tag in behavior.RoleTags)
            {
                _behaviors[tag] = behavior;
            }
        }

        _metadata = new ChatClientMetadata(SimulatorInfo.ProviderName, providerUri: null, defaultModelId: _options.ModelId);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        (SimulatedRoleRequest request, string text, ChatFinishReason finishReason, string responseId) =
            await SimulateAsync(messages, options, cancellationToken).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text) { MessageId = responseId })
        {
            ResponseId = responseId,
            ModelId = _options.ModelId,
            CreatedAt = _timeProvider.GetUtcNow(),
            FinishReason = finishReason,
            Usage = CreateUsage(request, text),
            AdditionalProperties = new() { [PromptForgeChatOptionKeys.Simulated] = true },
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        (SimulatedRoleRequest request, string text, ChatFinishReason finishReason, string responseId) =
            await SimulateAsync(messages, options, cancellationToken).ConfigureAwait(false);
        DateTimeOffset createdAt = _timeProvider.GetUtcNow();
        IReadOnlyList<string> chunks = SplitIntoChunks(text);
        for (int i = 0; i < chunks.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool last = i == chunks.Count - 1;
            List<AIContent> contents = [new TextContent(chunks[i])];
            if (last)
            {
                contents.Add(new UsageContent(CreateUsage(request, text)));
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
            {
                ResponseId = responseId,
                MessageId = responseId,
                ModelId = _options.ModelId,
                CreatedAt = createdAt,
                FinishReason = last ? finishReason : null,
                AdditionalProperties = new() { [PromptForgeChatOptionKeys.Simulated] = true },
            };
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the simulator holds no connections.
    }

    private static UsageDetails CreateUsage(SimulatedRoleRequest request, string text)
    {
        long input = request.Messages.Sum(m => (long)SimulatorText.EstimateTokens(m.Text) + 4)
            + SimulatorText.EstimateTokens(request.ResponseSchema?.GetRawText());
        long output = SimulatorText.EstimateTokens(text);
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    private static IReadOnlyList<string> SplitIntoChunks(string text)
    {
        const int ChunkCount = 4;
        if (text.Length < ChunkCount * 4)
        {
            return [text];
        }

        var chunks = new List<string>(ChunkCount);
        int start = 0;
        for (int i = 1; i < ChunkCount; i++)
        {
            int target = text.Length * i / ChunkCount;
            int cut = text.IndexOf(' ', target);
            cut = cut < 0 || cut <= start ? target : cut;
            chunks.Add(text[start..cut]);
            start = cut;
        }

        chunks.Add(text[start..]);
        return chunks;
    }

    private async Task<(SimulatedRoleRequest Request, string Text, ChatFinishReason FinishReason, string ResponseId)> SimulateAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();

        SimulatedRoleRequest request = SimulatedRequestFactory.FromChat(messages, options, _options.Seed);
        (string text, ChatFinishReason finishReason) = Respond(request);
        if (_options.Latency > TimeSpan.Zero)
        {
            await Task.Delay(_options.Latency, _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return (request, text, finishReason, "sim-" + request.Fingerprint[..16]);
    }

    private (string Text, ChatFinishReason FinishReason) Respond(SimulatedRoleRequest request)
    {
        if (_behaviors.TryGetValue(request.RoleTag, out ISimulatedRoleBehavior? behavior))
        {
            try
            {
                return (behavior.Respond(request).Text, ChatFinishReason.Stop);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A simulator defect, not model behavior: say which behavior and role, never answer silently.
                throw new InvalidOperationException(
                    $"The simulated behavior {behavior.GetType().Name} failed for role '{request.RoleTag}': {ex.Message}", ex);
            }
        }

        if (request.ResponseSchema is { } schema)
        {
            return (SimulatedJsonSchemaGenerator.Generate(schema, request), ChatFinishReason.Stop);
        }

        string answer = SimulatedAnswers.PickAnswer(request);
        if (request.JsonRequested)
        {
            return (SimulatorJson.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("answer", answer);
                writer.WriteEndObject();
            }), ChatFinishReason.Stop);
        }

        // Like a model, plain text stops at the output limit (JSON is never cut: a schema was asked for).
        int? maxChars = request.MaxOutputTokens * 4;
        return maxChars is int limit && answer.Length > limit
            ? (answer[..Math.Max(0, limit)], ChatFinishReason.Length)
            : (answer, ChatFinishReason.Stop);
    }
}
