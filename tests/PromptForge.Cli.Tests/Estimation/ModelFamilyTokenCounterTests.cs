using PromptForge.Cli.Estimation;

namespace PromptForge.Cli.Tests.Estimation;

public sealed class ModelFamilyTokenCounterTests
{
    [Theory]
    [InlineData("gpt-4o-mini", "o200k_base")]
    [InlineData("gpt-4o-2024-08-06", "o200k_base")]
    [InlineData("GPT-4.1", "o200k_base")]
    [InlineData("openai/gpt-5-mini", "o200k_base")]
    [InlineData("o3-mini", "o200k_base")]
    [InlineData("o1", "o200k_base")]
    [InlineData("ft:gpt-4o-mini:org::abc", "o200k_base")]
    [InlineData("gpt-4", "cl100k_base")]
    [InlineData("gpt-4-turbo", "cl100k_base")]
    [InlineData("gpt-3.5-turbo", "cl100k_base")]
    [InlineData("gpt-35-turbo", "cl100k_base")]
    [InlineData("claude-sonnet-4-5", null)]
    [InlineData("llama3.2", null)]
    [InlineData("omni-model", null)]
    [InlineData(null, null)]
    public void EncodingFor_ModelFamily_PicksItsVocabulary(string? model, string? expected) =>
        ModelFamilyTokenCounter.EncodingFor(model).ShouldBe(expected);

    [Fact]
    public void CountTokens_KnownFamilies_CountRealTokensNotCharactersOverFour()
    {
        const string Text = "Hello world, this is a test.";   // 28 characters; 8 tokens in both vocabularies

        ModelFamilyTokenCounter.Default.CountTokens(Text, "gpt-4o").ShouldBe(8);
        ModelFamilyTokenCounter.Default.CountTokens(Text, "gpt-4").ShouldBe(8);
        ModelFamilyTokenCounter.Default.CountTokens(Text, "claude-sonnet-4-5").ShouldBe(7);   // the characters / 4 fallback
    }

    [Fact]
    public void CountTokens_Japanese_DiffersBetweenVocabularies()
    {
        const string Text = "東京は日本の首都であり、世界最大級の都市圏を形成している。";

        int o200k = ModelFamilyTokenCounter.Default.CountTokens(Text, "gpt-4o");
        int cl100k = ModelFamilyTokenCounter.Default.CountTokens(Text, "gpt-4");

        o200k.ShouldBeLessThan(cl100k);   // o200k_base has far more CJK merges
        o200k.ShouldBeGreaterThan(Text.Length / 4);   // characters / 4 undercounts Japanese
    }
}
