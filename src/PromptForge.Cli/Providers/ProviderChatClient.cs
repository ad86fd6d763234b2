using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Providers;

/// <summary>
/// The innermost layer around a vendor SDK's <see cref="IChatClient"/>: translates the SDK's failures into
/// <see cref="ModelServiceException"/> (status code, Retry-After, content filter) so that PromptForge's resilience can
/// tell transient failures from permanent ones, turns an empty reply (no choices, no message) into a retryable
/// malformed-reply failure instead of an empty answer, and keeps PromptForge's own option properties (role tags) off the wire.
/// </summary>
internal sealed class ProviderChatClient(IChatClient innerClient, ProviderErrorTranslator translator) : DelegatingChatClient(innerClient)
{
    /// <summary>The prefix of every key in <see cref="PromptForgeChatOptionKeys"/>.</summary>
    private const string PromptForgePropertyPrefix = "promptforge.";

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, WithoutPromptForgeProperties(options), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (translator.TryTranslate(ex, cancellationToken, out ModelServiceException? translated))
        {
            throw translated;
        }

        if (IsEmpty(response))
        {
            throw translator.EmptyReply();
        }

        return options?.ResponseFormat is ChatResponseFormatJson { Schema: { } schema } ? NormalizeStructured(response, schema) : response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<ChatResponseUpdate> enumerator = base.GetStreamingResponseAsync(messages, WithoutPromptForgeProperties(options), cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            bool any = false;
            while (true)
            {
                bool moved;
                try
                {
                    moved = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (translator.TryTranslate(ex, cancellationToken, out ModelServiceException? translated))
                {
                    throw translated;
                }

                if (!moved)
                {
                    break;
                }

                any |= enumerator.Current.Contents.Any(c => c is not UsageContent);
                yield return enumerator.Current;
            }

            if (!any)
            {
                throw translator.EmptyReply();
            }
        }
    }

    /// <summary>Removes the <c>null</c>s strict structured output puts into optional properties (see <see cref="StrictSchemaReplyNormalizer"/>).</summary>
    private static ChatResponse NormalizeStructured(ChatResponse response, System.Text.Json.JsonElement schema)
    {
        foreach (ChatMessage message in response.Messages)
        {
            for (int i = 0; i < message.Contents.Count; i++)
            {
                if (message.Contents[i] is TextContent text && StrictSchemaReplyNormalizer.Normalize(text.Text, schema) is var normalized && !ReferenceEquals(normalized, text.Text))
                {
                    message.Contents[i] = new TextContent(normalized) { RawRepresentation = text.RawRepresentation, AdditionalProperties = text.AdditionalProperties };
                }
            }
        }

        return response;
    }

    /// <summary>A reply with no message, or only empty text and no other content (an OpenAI reply with <c>choices: []</c>
    /// or <c>message: null</c>, an Anthropic reply with no content blocks), carries no answer.</summary>
    internal static bool IsEmpty(ChatResponse response) =>
        response.FinishReason != ChatFinishReason.Length
        && response.Messages.SelectMany(m => m.Contents).All(c => c is UsageContent || (c is TextContent text && string.IsNullOrEmpty(text.Text)));

    /// <summary>A copy of <paramref name="options"/> without PromptForge's own properties; the caller's object is never changed.</summary>
    private static ChatOptions? WithoutPromptForgeProperties(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { Count: > 0 } properties
            || !properties.Keys.Any(k => k.StartsWith(PromptForgePropertyPrefix, StringComparison.Ordinal)))
        {
            return options;
        }

        ChatOptions copy = options.Clone();
        var kept = new AdditionalPropertiesDictionary();
        foreach ((string key, object? value) in properties)
        {
            if (!key.StartsWith(PromptForgePropertyPrefix, StringComparison.Ordinal))
            {
                kept[key] = value;
            }
        }

        copy.AdditionalProperties = kept.Count > 0 ? kept : null;
        return copy;
    }
}
