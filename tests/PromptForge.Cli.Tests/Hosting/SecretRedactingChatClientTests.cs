using Microsoft.Extensions.AI;
using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Tests.Hosting;

public sealed class SecretRedactingChatClientTests
{
    private const string Key = "sk-proj-Abc+123/xyz=secretvalue";

    [Fact]
    public async Task GetResponseAsync_ModelEchoesTheKey_ReplyHoldsItNoMore()
    {
        using var inner = new EchoClient($"Sure, your key is {Key}. Done.");
        using var client = new SecretRedactingChatClient(inner, new SecretScrubber([Key]));

        ChatResponse response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        response.Text.ShouldBe("Sure, your key is [redacted]. Done.");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ModelEchoesTheKey_UpdatesHoldItNoMore()
    {
        using var inner = new EchoClient($"{Key} twice {Key}");
        using var client = new SecretRedactingChatClient(inner, new SecretScrubber([Key]));

        var text = new System.Text.StringBuilder();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
        {
            text.Append(update.Text);
        }

        text.ToString().ShouldBe("[redacted] twice [redacted]");
    }

    [Fact]
    public void Scrub_JsonEscapedKeyInBytes_IsRemovedToo()
    {
        var scrubber = new SecretScrubber([Key]);
        byte[] json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { text = "key " + Key });

        string written = System.Text.Encoding.UTF8.GetString(scrubber.Scrub(json).Span);

        written.ShouldBe("{\"text\":\"key [redacted]\"}");
    }

    [Fact]
    public void FromEnvironment_ShortOrMissingValues_AreNotSecrets()
    {
        var scrubber = SecretScrubber.FromEnvironment(name => name == "OPENAI_API_KEY" ? "abc" : null);

        scrubber.IsEmpty.ShouldBeTrue();
        scrubber.Scrub("abc abc").ShouldBe("abc abc");
    }

    private sealed class EchoClient(string reply) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            string[] parts = reply.Split(' ');
            for (int i = 0; i < parts.Length; i++)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, i == parts.Length - 1 ? parts[i] : parts[i] + " ");
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
