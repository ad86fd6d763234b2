using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;
using AIFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using AIResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;
using OpenAIChatMessage = OpenAI.Chat.ChatMessage;
using OpenAIFinishReason = OpenAI.Chat.ChatFinishReason;
using OpenAIResponseFormat = OpenAI.Chat.ChatResponseFormat;

namespace PromptForge.Cli.Providers;

/// <summary>
/// An <see cref="IChatClient"/> over the official OpenAI .NET SDK that talks to any OpenAI-compatible chat-completions
/// server (OpenAI, Azure OpenAI's v1 endpoint, Ollama, vLLM, LM Studio). Text messages only; tools are not used by PromptForge.
/// </summary>
/// <remarks>
/// The SDK's own retries are disabled: PromptForge's resilience middleware retries, and retrying in two layers would
/// multiply attempts. SDK failures are translated into <see cref="ModelServiceException"/> so that middleware can tell
/// transient failures (429, 5xx, timeouts, connection errors) from permanent ones (401, 403, 400).
/// PromptForge's own <see cref="ChatOptions.AdditionalProperties"/> (role tags) are never sent to the provider.
/// </remarks>
internal sealed class OpenAICompatibleChatClient : IChatClient
{
    private readonly OpenAIClient _client;
    private readonly OpenAICompatibleChatClientOptions _options;
    private readonly ConcurrentDictionary<string, ChatClient> _chatClients = new(StringComparer.Ordinal);
    private readonly ChatClientMetadata _metadata;

    public OpenAICompatibleChatClient(OpenAICompatibleChatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DefaultModelId);
        _options = options;

        var clientOptions = new OpenAIClientOptions
        {
            NetworkTimeout = options.NetworkTimeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        if (options.Endpoint is not null)
        {
            clientOptions.Endpoint = options.Endpoint;
        }

        _client = new OpenAIClient(options.Credential, clientOptions);
        _metadata = new ChatClientMetadata("openai-compatible", options.Endpoint ?? new Uri("https://api.openai.com/v1"), options.DefaultModelId);
    }

    /// <summary>
    /// Checks, before a run starts, that the endpoint answers and accepts the key, with one free request (GET models).
    /// An unreachable endpoint, a timeout or a rejected key (401/403) throws; any other answer (a server without a
    /// models route answers 404) counts as reachable.
    /// </summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <exception cref="ModelServiceException">The endpoint cannot be reached or rejects the key.</exception>
    public async Task CheckEndpointAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            _ = await _client.GetOpenAIModelClient().GetModelsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (OpenAIErrorTranslator.TryTranslate(ex, cancellationToken, out ModelServiceException? translated))
        {
            // A body the SDK cannot parse still came from a live server; only silence and a refused key stop the run.
            if (translated.StatusCode is 401 or 403 || (translated.StatusCode is null && ex is not System.Text.Json.JsonException))
            {
                throw new ModelServiceException($"{_metadata.ProviderUri}: {translated.Message}", translated.StatusCode, innerException: translated);
            }
        }
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var (chatClient, requestMessages, requestOptions) = Prepare(messages, options);

        ChatCompletion completion;
        try
        {
            ClientResult<ChatCompletion> result = await chatClient.CompleteChatAsync(requestMessages, requestOptions, cancellationToken).ConfigureAwait(false);
            completion = result.Value;
        }
        catch (Exception ex) when (OpenAIErrorTranslator.TryTranslate(ex, cancellationToken, out ModelServiceException? translated))
        {
            throw translated;
        }

        string text = ReadText(completion);
        var message = new AIChatMessage(AIChatRole.Assistant, text) { RawRepresentation = completion };
        if (string.IsNullOrEmpty(text) && !string.IsNullOrEmpty(completion.Refusal))
        {
            message = new AIChatMessage(AIChatRole.Assistant, completion.Refusal) { RawRepresentation = completion };
        }

        return new ChatResponse(message)
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = MapFinishReason(completion.FinishReason),
            Usage = MapUsage(completion.Usage),
            RawRepresentation = completion,
        };
    }

    /// <summary>The reply's text; a reply without a message (an empty <c>choices</c> list) is malformed and retried.</summary>
    private static string ReadText(ChatCompletion completion)
    {
        try
        {
            return string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or NullReferenceException or InvalidOperationException)
        {
            // The SDK reads choices[0].message itself and throws when the server sent none.
            throw new ModelServiceException(
                "The model endpoint returned a reply without a message (an empty \"choices\" list).", ModelFailureKind.MalformedOutput, isTransient: true, innerException: ex);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var (chatClient, requestMessages, requestOptions) = Prepare(messages, options);

        IAsyncEnumerator<StreamingChatCompletionUpdate> enumerator;
        try
        {
            enumerator = chatClient.CompleteChatStreamingAsync(requestMessages, requestOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex) when (OpenAIErrorTranslator.TryTranslate(ex, cancellationToken, out ModelServiceException? translated))
        {
            throw translated;
        }

        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                bool moved;
                try
                {
                    moved = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (OpenAIErrorTranslator.TryTranslate(ex, cancellationToken, out ModelServiceException? translated))
                {
                    throw translated;
                }

                if (!moved)
                {
                    yield break;
                }

                StreamingChatCompletionUpdate update = enumerator.Current;
                var contents = new List<AIContent>();
                string text = string.Concat(update.ContentUpdate.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
                if (text.Length > 0)
                {
                    contents.Add(new TextContent(text));
                }

                if (MapUsage(update.Usage) is { } usage)
                {
                    contents.Add(new UsageContent(usage));
                }

                yield return new ChatResponseUpdate(update.Role is null ? null : AIChatRole.Assistant, contents)
                {
                    ResponseId = update.CompletionId,
                    MessageId = update.CompletionId,
                    ModelId = update.Model,
                    CreatedAt = update.CreatedAt,
                    FinishReason = update.FinishReason is { } reason ? MapFinishReason(reason) : null,
                    RawRepresentation = update,
                };
            }
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
        // The SDK client owns no disposable resources beyond the shared HttpClient transport.
    }

    private (ChatClient Client, List<OpenAIChatMessage> Messages, ChatCompletionOptions Options) Prepare(IEnumerable<AIChatMessage> messages, ChatOptions? options)
    {
        string model = string.IsNullOrWhiteSpace(options?.ModelId) ? _options.DefaultModelId : options.ModelId;
        ChatClient chatClient = _chatClients.GetOrAdd(model, static (m, c) => c.GetChatClient(m), _client);
        return (chatClient, ToOpenAIMessages(messages, options), ToOpenAIOptions(options));
    }

    internal static List<OpenAIChatMessage> ToOpenAIMessages(IEnumerable<AIChatMessage> messages, ChatOptions? options)
    {
        var result = new List<OpenAIChatMessage>();
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            result.Add(new SystemChatMessage(options.Instructions));
        }

        foreach (AIChatMessage message in messages)
        {
            string text = message.Text;
            if (message.Role == AIChatRole.System)
            {
                result.Add(new SystemChatMessage(text));
            }
            else if (message.Role == AIChatRole.User)
            {
                result.Add(new UserChatMessage(text));
            }
            else if (message.Role == AIChatRole.Assistant)
            {
                result.Add(new AssistantChatMessage(text));
            }
            else
            {
                throw new NotSupportedException($"Chat role '{message.Role}' is not supported by the OpenAI-compatible adapter (text messages with system, user and assistant roles only).");
            }
        }

        return result;
    }

    internal ChatCompletionOptions ToOpenAIOptions(ChatOptions? options)
    {
        // A fresh SDK options object per call: the caller's ChatOptions is only read, and
        // AdditionalProperties (PromptForge's role tags) deliberately never reach the wire.
        var result = new ChatCompletionOptions();
        if (options is null)
        {
            return result;
        }

        result.Temperature = options.Temperature;
        result.MaxOutputTokenCount = options.MaxOutputTokens;
        result.TopP = options.TopP;
        result.FrequencyPenalty = options.FrequencyPenalty;
        result.PresencePenalty = options.PresencePenalty;
#pragma warning disable OPENAI001 // Seed is marked experimental by the SDK; it is a stable wire field of chat completions.
        result.Seed = options.Seed;
#pragma warning restore OPENAI001
        if (options.StopSequences is { Count: > 0 } stops)
        {
            foreach (string stop in stops)
            {
                result.StopSequences.Add(stop);
            }
        }

        result.ResponseFormat = options.ResponseFormat switch
        {
            null => null,
            ChatResponseFormatText => OpenAIResponseFormat.CreateTextFormat(),
            ChatResponseFormatJson { Schema: { } schema } json => OpenAIResponseFormat.CreateJsonSchemaFormat(
                string.IsNullOrWhiteSpace(json.SchemaName) ? "response" : json.SchemaName,
                BinaryData.FromString(schema.GetRawText()),
                json.SchemaDescription,
                _options.StrictJsonSchema),
            ChatResponseFormatJson => OpenAIResponseFormat.CreateJsonObjectFormat(),
            _ => throw new NotSupportedException($"Response format '{options.ResponseFormat.GetType().Name}' is not supported."),
        };

        return result;
    }

    internal static AIFinishReason MapFinishReason(OpenAIFinishReason reason) => reason switch
    {
        OpenAIFinishReason.Stop => AIFinishReason.Stop,
        OpenAIFinishReason.Length => AIFinishReason.Length,
        OpenAIFinishReason.ContentFilter => AIFinishReason.ContentFilter,
        OpenAIFinishReason.ToolCalls or OpenAIFinishReason.FunctionCall => AIFinishReason.ToolCalls,
        _ => new AIFinishReason(reason.ToString().ToLowerInvariant()),
    };

    internal static UsageDetails? MapUsage(ChatTokenUsage? usage) => usage is null ? null : new UsageDetails
    {
        InputTokenCount = usage.InputTokenCount,
        OutputTokenCount = usage.OutputTokenCount,
        TotalTokenCount = usage.TotalTokenCount,
        CachedInputTokenCount = usage.InputTokenDetails?.CachedTokenCount,
        ReasoningTokenCount = usage.OutputTokenDetails?.ReasoningTokenCount,
    };
}
