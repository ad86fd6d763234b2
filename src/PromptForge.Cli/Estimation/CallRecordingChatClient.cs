using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Estimation;

/// <summary>One model call seen during a dry run, with its sizes in the tokens of the model it would go to.</summary>
internal readonly record struct RecordedCall(string RoleTag, string? ModelId, long InputTokens, long OutputTokens, int? MaxOutputTokens);

/// <summary>Records every call (role tag, model, request and response size in tokens, output-token cap) that passes through it.</summary>
/// <param name="inner">The client that answers (the simulator in a dry run).</param>
/// <param name="tokenCounter">Counts the tokens of the model each call would go to.</param>
/// <param name="defaultModelId">The model of calls that name none (the <c>--model</c> of the command).</param>
internal sealed class CallRecordingChatClient(IChatClient inner, ITokenCounter tokenCounter, string? defaultModelId) : DelegatingChatClient(inner)
{
    private readonly ConcurrentQueue<RecordedCall> _calls = new();

    public IReadOnlyList<RecordedCall> Calls => _calls.ToArray();

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = messages as List<ChatMessage> ?? messages.ToList();
        ChatResponse response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        Record(list, options, response.Text);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = messages as List<ChatMessage> ?? messages.ToList();
        var output = new System.Text.StringBuilder();
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            output.Append(update.Text);
            yield return update;
        }

        Record(list, options, output.ToString());
    }

    private void Record(List<ChatMessage> messages, ChatOptions? options, string outputText)
    {
        string role = options?.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.Role, out object? tag) == true ? tag?.ToString() ?? "unknown" : "unknown";
        string? model = options?.ModelId ?? defaultModelId;
        long input = messages.Sum(m => (long)tokenCounter.CountTokens(m.Text, model)) + tokenCounter.CountTokens(options?.Instructions, model);
        _calls.Enqueue(new RecordedCall(role, options?.ModelId, input, tokenCounter.CountTokens(outputText, model), options?.MaxOutputTokens));
    }
}
