using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace PromptForge.Tests.Embeddings;

public sealed class HashedNGramEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_SameText_ReturnsIdenticalUnitVectors()
    {
        var generator = new HashedNGramEmbeddingGenerator();

        var embeddings = await generator.GenerateAsync(["How do I reset my card PIN?", "How do I reset my card PIN?"], cancellationToken: TestContext.Current.CancellationToken);

        embeddings.Count.ShouldBe(2);
        embeddings[0].Vector.Length.ShouldBe(384);
        embeddings[0].Vector.ToArray().ShouldBe(embeddings[1].Vector.ToArray());
        TensorPrimitives.Norm(embeddings[0].Vector.Span).ShouldBe(1f, 1e-5f);
        embeddings[0].ModelId.ShouldBe("hashed-ngram-v1");
    }

    [Fact]
    public void Embed_KnownText_IsStableAcrossInstancesAndProcesses()
    {
        // Hash-based features must not depend on string.GetHashCode (randomized per process): two instances
        // agree, and the vector's non-zero pattern is a fixed function of the text.
        float[] first = new HashedNGramEmbeddingGenerator().Embed("transfer money abroad");
        float[] second = new HashedNGramEmbeddingGenerator().Embed("transfer money abroad");

        second.ShouldBe(first);
        first.Count(v => v != 0f).ShouldBeGreaterThan(10);
        NGramHash.Hash("abc", 0).ShouldBe(NGramHash.Hash("abc".AsSpan(), 0));
        NGramHash.Hash("abc", 0).ShouldNotBe(NGramHash.Hash("abd", 0));
    }

    [Fact]
    public void Embed_KnownText_MatchesPinnedBuckets()
    {
        // Pinned output: a change here means every stored embedding and cache entry of "hashed-ngram-v1" changes.
        // 3 word unigrams + 2 bigrams, each (1 + ln 1) = 1, normalized over 5 features and scaled by 1/sqrt(2): +-1/sqrt(10).
        float[] vector = new HashedNGramEmbeddingGenerator().Embed("transfer money abroad");

        vector.Count(v => v != 0f).ShouldBe(47);
        float w = 1f / MathF.Sqrt(10f);
        vector[30].ShouldBe(-w, 1e-6f);
        vector[65].ShouldBe(w, 1e-6f);
        vector[116].ShouldBe(w, 1e-6f);
        vector[129].ShouldBe(-w, 1e-6f);
        vector[130].ShouldBe(w, 1e-6f);
    }

    [Fact]
    public void Embed_SimilarTexts_AreCloserThanUnrelatedTexts()
    {
        var generator = new HashedNGramEmbeddingGenerator();
        float[] a = generator.Embed("My card payment was declined at the shop");
        float[] b = generator.Embed("my card payment got declined in a shop");
        float[] c = generator.Embed("What is the capital city of Australia?");

        float similar = TensorPrimitives.CosineSimilarity(a, b);
        float unrelated = TensorPrimitives.CosineSimilarity(a, c);

        similar.ShouldBeGreaterThan(0.5f);
        unrelated.ShouldBeLessThan(0.2f);
    }

    [Fact]
    public void Embed_CaseAndPunctuation_AreIgnored()
    {
        var generator = new HashedNGramEmbeddingGenerator();

        generator.Embed("Hello, WORLD!").ShouldBe(generator.Embed("hello world"));
    }

    [Fact]
    public void Embed_TextWithoutTokens_ReturnsZeroVector()
    {
        float[] vector = new HashedNGramEmbeddingGenerator().Embed("  ?! ");

        vector.ShouldAllBe(v => v == 0f);
    }

    [Fact]
    public void Fit_CommonWords_WeighLessThanRareWords()
    {
        string[] corpus = ["the card", "the loan", "the rate", "the fee", "the account"];
        var plain = new HashedNGramEmbeddingGenerator();
        var fitted = HashedNGramEmbeddingGenerator.Fit(corpus);

        // With IDF, "the" (in every document) matters less, so two texts sharing only "the" drift apart.
        float plainSimilarity = TensorPrimitives.CosineSimilarity(plain.Embed("the card"), plain.Embed("the loan"));
        float fittedSimilarity = TensorPrimitives.CosineSimilarity(fitted.Embed("the card"), fitted.Embed("the loan"));

        fitted.IdfDocumentCount.ShouldBe(5);
        fittedSimilarity.ShouldBeLessThan(plainSimilarity);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var ex = Should.Throw<ArgumentException>(() => new HashedNGramEmbeddingGenerator(
            new HashedNGramEmbeddingOptions { Dimensions = 101, MinCharNGram = 6, MaxCharNGram = 3 }));

        ex.Message.ShouldContain("even");
        ex.Message.ShouldContain("MinCharNGram");
    }

    [Fact]
    public void Fit_EmptyCorpus_Throws()
    {
        Should.Throw<ArgumentException>(() => HashedNGramEmbeddingGenerator.Fit([]));
    }

    [Fact]
    public async Task GenerateAsync_OtherDimensionsRequested_Throws()
    {
        var generator = new HashedNGramEmbeddingGenerator();

        await Should.ThrowAsync<ArgumentException>(() => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 12 }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void GetService_Metadata_DescribesGenerator()
    {
        var generator = new HashedNGramEmbeddingGenerator(new HashedNGramEmbeddingOptions { Dimensions = 64 });

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        metadata.ShouldNotBeNull();
        metadata.DefaultModelDimensions.ShouldBe(64);
        generator.GetService<HashedNGramEmbeddingGenerator>().ShouldBeSameAs(generator);
    }
}
