namespace PromptForge.Evaluation.Tests.Lexical;

public sealed class LexicalMetricsTests
{
    // Known corpus: tokens "the cat sat" / "the cat ran" / "a dog ran".
    // Unigrams: 9 total; unique {the, cat, sat, ran, a, dog} = 6 -> 6/9.
    // Bigrams: 6 total; unique {the cat, cat sat, cat ran, a dog, dog ran} = 5 -> 5/6.
    // Trigrams: 3 total, all different -> 1.
    private static readonly string[] Corpus = ["The cat sat.", "the CAT ran!", "a dog ran"];

    [Theory]
    [InlineData(1, 6.0 / 9.0)]
    [InlineData(2, 5.0 / 6.0)]
    [InlineData(3, 1.0)]
    public void DistinctN_KnownCorpus_MatchesHandCount(int n, double expected)
    {
        var value = LexicalMetrics.DistinctN(Corpus, n);

        value.Value!.Value.ShouldBe(expected, 1e-12);
        value.SampleSize.ShouldBe(3);
    }

    [Fact]
    public void DistinctN_TextsShorterThanN_NotMeasured()
    {
        var value = LexicalMetrics.DistinctN(["one two", "three"], 3);

        value.IsMeasured.ShouldBeFalse();
        value.NotMeasuredReason!.ShouldContain("3 or more tokens");
    }

    [Fact]
    public void DistinctN_Subsample_ReportsSubsampleSize()
    {
        var texts = Enumerable.Range(0, 50).Select(i => $"text {i} words").ToArray();

        LexicalMetrics.DistinctN(texts, 1, subsampleSize: 10, seed: 3).SampleSize.ShouldBe(10);
    }

    [Fact]
    public void SelfBleu_IdenticalTexts_IsOne()
    {
        var texts = Enumerable.Repeat("please reset my online banking password today", 5).ToArray();

        var result = LexicalMetrics.SelfBleu(texts);

        result.Value.Value!.Value.ShouldBe(1.0, 1e-12);
        result.HypothesisCount.ShouldBe(5);
        result.ReferenceCount.ShouldBe(5);
        result.Sampled.ShouldBeFalse();
    }

    [Fact]
    public void SelfBleu_TwoTexts_MatchesHandComputedBleu()
    {
        // Hypothesis "a b c d e" against reference "a b c d f" (and symmetric):
        // p1 = 4/5, p2 = 3/4, p3 = 2/3, p4 = 1/2, equal lengths -> BP = 1.
        // BLEU = (4/5 * 3/4 * 2/3 * 1/2)^(1/4) = 0.2^(1/4).
        var result = LexicalMetrics.SelfBleu(["a b c d e", "a b c d f"]);

        result.Value.Value!.Value.ShouldBe(Math.Pow(0.2, 0.25), 1e-12);
    }

    [Fact]
    public void SelfBleu_NoSharedNGrams_UsesEpsilonSmoothingAndBrevityPenalty()
    {
        // Hypothesis "a b c d" vs reference "e f g h i j": no matches at any order -> each p = 0.1 / count;
        // counts 4, 3, 2, 1; reference length 6 > 4 -> BP = exp(1 - 6/4).
        double first = Math.Exp(1 - (6.0 / 4.0)) * Math.Pow((0.1 / 4) * (0.1 / 3) * (0.1 / 2) * (0.1 / 1), 0.25);

        // The other hypothesis "e f g h i j" vs "a b c d": counts 6,5,4,3, reference shorter -> BP = 1.
        double second = Math.Pow((0.1 / 6) * (0.1 / 5) * (0.1 / 4) * (0.1 / 3), 0.25);

        var result = LexicalMetrics.SelfBleu(["a b c d", "e f g h i j"]);

        result.Value.Value!.Value.ShouldBe((first + second) / 2, 1e-12);
    }

    [Fact]
    public void SelfBleu_DiverseCorpus_IsLowerThanRepetitiveCorpus()
    {
        var random = new Random(1);
        string[] vocabulary = Enumerable.Range(0, 500).Select(i => $"w{i}").ToArray();
        var diverse = Enumerable.Range(0, 200).Select(_ => string.Join(' ', Enumerable.Range(0, 12).Select(_ => vocabulary[random.Next(vocabulary.Length)]))).ToArray();
        var repetitive = Enumerable.Range(0, 200).Select(i => $"i would like to know how to reset my card pin number {i % 5}").ToArray();

        LexicalMetrics.SelfBleu(diverse).Value.Value!.Value.ShouldBeLessThan(LexicalMetrics.SelfBleu(repetitive).Value.Value!.Value);
    }

    [Fact]
    public void SelfBleu_AboveReferenceLimit_SamplesAndReportsSize()
    {
        var texts = Enumerable.Range(0, 300).Select(i => $"sample text number {i} with some words").ToArray();

        var result = LexicalMetrics.SelfBleu(texts, new SelfBleuOptions { MaxReferences = 50, MaxHypotheses = 40, Seed = 2 });

        result.ReferenceCount.ShouldBe(50);
        result.HypothesisCount.ShouldBe(40);
        result.Sampled.ShouldBeTrue();
        result.Value.SampleSize.ShouldBe(40);
    }

    [Fact]
    public void SelfBleu_FewerThanTwoTexts_NotMeasured()
    {
        LexicalMetrics.SelfBleu(["only one text here today"]).Value.IsMeasured.ShouldBeFalse();
    }

    [Fact]
    public void SelfBleu_ShortTexts_AreSkippedAndCounted()
    {
        var result = LexicalMetrics.SelfBleu(["a b", "a b c d", "a b c d"]);

        result.SkippedShortTexts.ShouldBe(1);
        result.HypothesisCount.ShouldBe(2);
        result.Value.Value!.Value.ShouldBe(1.0, 1e-12);
    }

    [Fact]
    public void SelfBleu_InvalidOptions_Throws()
    {
        Should.Throw<ArgumentException>(() => LexicalMetrics.SelfBleu(["a b c d", "a b c d"], new SelfBleuOptions { MaxReferences = 1 }))
            .Message.ShouldContain("MaxReferences");
    }
}
