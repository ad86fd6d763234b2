using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Tests.Fakes;

/// <summary>
/// A canned backend for <see cref="FakeOpenAIServer"/>: returns JSON that satisfies the request's json_schema response
/// format, <c>{}</c> for json_object, and a fixed sentence for text.
/// </summary>
internal sealed class SchemaEchoChatClient : IChatClient
{
    public const string TextReply = "Simulated answer.";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        string text = options?.ResponseFormat switch
        {
            ChatResponseFormatJson { Schema: { } schema } => SchemaInstanceGenerator.Generate(schema)?.ToJsonString() ?? "null",
            ChatResponseFormatJson => "{}",
            _ => TextReply,
        };
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
