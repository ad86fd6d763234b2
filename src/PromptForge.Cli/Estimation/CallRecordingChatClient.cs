using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Estimation;

/// <summary>One model call seen during a dry run.</summary>
internal readonly record struct RecordedCall(string RoleTag, string? ModelId, long InputCharacters, long OutputCharacters, int? MaxOutputTokens);

/// <summary>Records every call (role tag, model, request and response size, output-token cap) that passes through it.</summary>
internal sealed class CallRecordingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private readonly ConcurrentQueue<RecordedCall> _calls = new();

    public IReadOnlyList<RecordedCall> Calls => _calls.ToArray();

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = messages as List<ChatMessage> ?? messages.ToList();
        ChatResponse response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        Record(list, options, response.Text.Length);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = messages as List<ChatMessage> ?? messages.ToList();
        long output = 0;
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            output += update.Text.Length;
            yield return update;
        }

        Record(list, options, output);
    }

    private void Record(List<ChatMessage> messages, ChatOptions? options, long outputCharacters)
    {
        string role = options?.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.Role, out object? tag) == true ? tag?.ToString() ?? "unknown" : "unknown";
        long input = messages.Sum(m => (long)m.Text.Length) + (options?.Instructions?.Length ?? 0);
        _calls.Enqueue(new RecordedCall(role, options?.ModelId, input, outputCharacters, options?.MaxOutputTokens));
    }
}
