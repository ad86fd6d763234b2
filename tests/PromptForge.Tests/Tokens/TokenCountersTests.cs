using Microsoft.Extensions.AI;

namespace PromptForge.Tests.Tokens;

public sealed class TokenCountersTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData("", 0)]
    [InlineData("abc", 1)]
    [InlineData("abcd", 1)]
    [InlineData("abcde", 2)]
    public void Approximate_CountsCharactersOverFourRoundedUp(string? text, int expected) =>
        TokenCounters.Approximate.CountTokens(text, "any-model").ShouldBe(expected);

    [Fact]
    public void FromCharacterRatio_UsesTheRatio() => TokenCounters.FromCharacterRatio(2.0).CountTokens("abcde", null).ShouldBe(3);

    [Theory]
    [InlineData(0.4)]
    [InlineData(double.NaN)]
    public void FromCharacterRatio_InvalidRatio_Throws(double ratio) =>
        Should.Throw<ArgumentOutOfRangeException>(() => TokenCounters.FromCharacterRatio(ratio));

    [Fact]
    public void RateLimiterEstimate_WithTokenCounter_CountsEveryTextWithTheCallsModel()
    {
        var counter = new RecordingCounter();
        var limits = new ChatRateLimitOptions { DefaultMaxOutputTokens = 500, TokenCounter = counter };
        var messages = new[] { new ChatMessage(ChatRole.System, "sys"), new ChatMessage(ChatRole.User, "user text") };

        int tokens = RateLimitingChatClient.EstimateTokens(messages, new ChatOptions { ModelId = "gpt-4o", Instructions = "ins", MaxOutputTokens = 100 }, limits);

        tokens.ShouldBe(10 + 10 + 10 + 100);
        counter.Seen.ShouldBe([("ins", "gpt-4o"), ("sys", "gpt-4o"), ("user text", "gpt-4o")]);
    }

    private sealed class RecordingCounter : ITokenCounter
    {
        public List<(string?, string?)> Seen { get; } = [];

        public int CountTokens(string? text, string? modelId)
        {
            Seen.Add((text, modelId));
            return 10;
        }
    }
}
