using System.ClientModel.Primitives;
using System.Text.Json;

namespace PromptForge.Cli.Providers;

/// <summary>
/// Checks a chat-completions reply before the OpenAI SDK maps it: a 200 reply with <c>choices: []</c> or a choice whose
/// <c>message</c> is null carries no answer, and Microsoft.Extensions.AI.OpenAI would fail on it with an index error
/// that looks like a bug rather than a provider fault. It becomes the provider's retryable empty-reply failure instead.
/// </summary>
internal sealed class OpenAIEmptyReplyPolicy(ProviderErrorTranslator translator) : PipelinePolicy
{
    /// <inheritdoc />
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        Check(message);
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        Check(message);
    }

    private void Check(PipelineMessage message)
    {
        PipelineResponse? response = message.Response;
        if (response is null || response.Status != 200 || message.BufferResponse is false
            || message.Request.Uri?.AbsolutePath.EndsWith("/chat/completions", StringComparison.Ordinal) != true)
        {
            return;
        }

        bool empty;
        try
        {
            using JsonDocument reply = JsonDocument.Parse(response.Content.ToMemory());
            empty = reply.RootElement.ValueKind == JsonValueKind.Object
                && reply.RootElement.TryGetProperty("choices", out JsonElement choices)
                && (choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0
                    || !choices[0].TryGetProperty("message", out JsonElement first) || first.ValueKind != JsonValueKind.Object);
        }
        catch (JsonException)
        {
            // Not JSON: the SDK's own parse fails and is translated as a malformed body.
            return;
        }

        if (empty)
        {
            throw translator.EmptyReply();
        }
    }
}
