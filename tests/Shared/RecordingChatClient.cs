using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace PromptForge.Tests.Shared;

/// <summary>(Shared by the method test projects, linked in by their csproj.) Passes every call through and records the request (role tag, messages) with the response text.</summary>
internal sealed class RecordingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public ConcurrentQueue<(string Role, IReadOnlyList<ChatMessage> Messages, string Response)> Calls { get; } = new();

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        Calls.Enqueue((options?.AdditionalProperties?[PromptForgeChatOptionKeys.Role]?.ToString() ?? string.Empty, list, response.Text));
        return response;
    }

    public IReadOnlyList<(IReadOnlyList<ChatMessage> Messages, string Response)> For(ModelRole role) =>
        Calls.Where(c => c.Role == role.Tag).Select(c => (c.Messages, c.Response)).ToList();
}
