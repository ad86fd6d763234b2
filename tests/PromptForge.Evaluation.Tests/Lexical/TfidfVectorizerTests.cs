namespace PromptForge.Evaluation.Tests.Lexical;

public sealed class TfidfVectorizerTests
{
    [Fact]
    public void Transform_TwoDocuments_MatchesScikitLearnSmoothIdfAndL2Norm()
    {
        // scikit-learn: TfidfVectorizer().fit_transform(["the cat sat", "the dog"]) -> vocabulary cat, dog, sat, the;
        // idf(cat) = idf(dog) = idf(sat) = ln(3/2) + 1 = 1.405465, idf(the) = ln(3/3) + 1 = 1.
        var vectorizer = TfidfVectorizer.Fit(["the cat sat", "the dog"]);

        EmbeddingMatrix rows = vectorizer.Transform(["the cat sat", "the dog"]);

        vectorizer.VocabularySize.ShouldBe(4);
        double rare = Math.Log(1.5) + 1;
        double norm1 = Math.Sqrt((2 * rare * rare) + 1);
        rows[0].ToArray().Select(v => (double)v).ShouldBe([rare / norm1, 0, rare / norm1, 1 / norm1], tolerance: 1e-6);
        double norm2 = Math.Sqrt((rare * rare) + 1);
        rows[1].ToArray().Select(v => (double)v).ShouldBe([0, rare / norm2, 0, 1 / norm2], tolerance: 1e-6);
    }

    [Fact]
    public void Transform_UnknownWordsAndSingleLetters_GiveAZeroRow()
    {
        var vectorizer = TfidfVectorizer.Fit(["refund my order"]);

        EmbeddingMatrix rows = vectorizer.Transform(["a b zebra"]);

        rows[0].ToArray().ShouldAllBe(v => v == 0f);
    }

    [Fact]
    public void Fit_CharWordBoundary_CountsPaddedNGramsInsideWords()
    {
        var options = new TfidfOptions { Analyzer = TfidfAnalyzer.CharWordBoundary, MinN = 3, MaxN = 3 };

        Dictionary<string, int> terms = TfidfVectorizer.Count("ab ab", options);

        // " ab " -> " ab", "ab " (twice, once per word); no n-gram spans the two words.
        terms.ShouldBe(new Dictionary<string, int> { [" ab"] = 2, ["ab "] = 2 }, ignoreOrder: true);
        TfidfVectorizer.Fit(["ab ab"], options).VocabularySize.ShouldBe(2);
    }

    [Fact]
    public void Fit_MaxFeatures_KeepsTheMostFrequentTerms()
    {
        var vectorizer = TfidfVectorizer.Fit(["alpha alpha alpha beta beta gamma"], new TfidfOptions { MaxFeatures = 2 });

        vectorizer.VocabularySize.ShouldBe(2);
        vectorizer.Transform(["gamma"])[0].ToArray().ShouldAllBe(v => v == 0f);
        vectorizer.Transform(["beta"])[0].ToArray().Max().ShouldBe(1f, tolerance: 1e-6f);
    }

    [Fact]
    public void Fit_MinNAboveMaxN_ThrowsNamingBoth()
    {
        var ex = Should.Throw<ArgumentException>(() => TfidfVectorizer.Fit(["x"], new TfidfOptions { MinN = 3, MaxN = 2 }));

        ex.Message.ShouldContain("MinN (3) must not exceed MaxN (2)");
    }
}
