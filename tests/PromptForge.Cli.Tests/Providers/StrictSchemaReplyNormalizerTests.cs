using System.Text.Json;
using Microsoft.Extensions.AI;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Tests.Fakes;

namespace PromptForge.Cli.Tests.Providers;

public sealed class StrictSchemaReplyNormalizerTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "label": { "type": "string" },
            "score": { "type": "number" },
            "note": { "type": ["string", "null"] },
            "items": { "type": "array", "items": { "$ref": "#/$defs/item" } }
          },
          "required": ["label"],
          "$defs": { "item": { "type": "object", "properties": { "id": { "type": "string" }, "weight": { "type": "integer" } }, "required": ["id"] } }
        }
        """).RootElement;

    [Fact]
    public void Normalize_NullInOptionalNonNullableProperties_RemovesThemAtEveryDepth()
    {
        string normalized = StrictSchemaReplyNormalizer.Normalize("""{"label":"a","score":null,"note":null,"items":[{"id":"x","weight":null}]}""", Schema);

        JsonDocument.Parse(normalized).RootElement.GetRawText().ShouldBe("""{"label":"a","note":null,"items":[{"id":"x"}]}""");
    }

    [Fact]
    public void Normalize_NullInRequiredProperty_IsKeptForTheRepairRound()
    {
        const string Text = """{"label":null}""";

        StrictSchemaReplyNormalizer.Normalize(Text, Schema).ShouldBeSameAs(Text);
    }

    [Theory]
    [InlineData("not json, null")]
    [InlineData("""{"label":"a","score":1}""")]
    public void Normalize_NothingToRemove_ReturnsTheSameText(string text) =>
        StrictSchemaReplyNormalizer.Normalize(text, Schema).ShouldBeSameAs(text);

    [Fact]
    public async Task OpenAIProvider_AnswerWithNullsForOptionalFields_ParsesIntoTheCallersType()
    {
        await using FakeOpenAIServer server = await FakeOpenAIServer.StartAsync(new FixedReplyChatClient("""{"label":"positive","score":null}"""), TestContext.Current.CancellationToken);
        ProviderSettings settings = ProviderSettings.Resolve("openai", server.BaseAddress.ToString(), "gpt-4o-mini", new Dictionary<ModelRoleKind, string?>(), _ => null);
        using IChatClient client = ProviderClients.Create(settings.Connection!, TimeSpan.FromSeconds(10));

        ChatResponse response = await client.GetResponseAsync(
            "classify", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(Schema, "verdict") }, TestContext.Current.CancellationToken);

        Verdict verdict = JsonSerializer.Deserialize<Verdict>(response.Text)!;
        verdict.Label.ShouldBe("positive");
        verdict.Score.ShouldBe(0.5);   // the default of the optional property, not a parse failure
    }

    private sealed record Verdict
    {
        [System.Text.Json.Serialization.JsonPropertyName("label")]
        public required string Label { get; init; }

        [System.Text.Json.Serialization.JsonPropertyName("score")]
        public double Score { get; init; } = 0.5;
    }

    private sealed class FixedReplyChatClient(string text) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
