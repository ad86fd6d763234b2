using Microsoft.Extensions.AI;

namespace PromptForge.Tests.Embeddings;

public sealed class CachingEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_RepeatedTexts_CallsInnerOncePerDistinctText()
    {
        var inner = new CountingGenerator();
        using var cached = (CachingEmbeddingGenerator)inner.WithEmbeddingCache();

        var first = await cached.GenerateAsync(["a", "b", "a"], cancellationToken: TestContext.Current.CancellationToken);
        var second = await cached.GenerateAsync(["b", "c"], cancellationToken: TestContext.Current.CancellationToken);

        inner.EmbeddedTexts.ShouldBe(["a", "b", "c"]);
        first.Select(e => e.Vector.Span[0]).ShouldBe([1f, 2f, 1f]);
        second.Select(e => e.Vector.Span[0]).ShouldBe([2f, 3f]);
        cached.Count.ShouldBe(3);
    }

    [Fact]
    public async Task GenerateAsync_CapacityExceeded_EvictsLeastRecentlyUsed()
    {
        var inner = new CountingGenerator();
        using var cached = new CachingEmbeddingGenerator(inner, capacity: 2);
        var ct = TestContext.Current.CancellationToken;

        await cached.GenerateAsync(["a"], cancellationToken: ct);
        await cached.GenerateAsync(["b"], cancellationToken: ct);
        await cached.GenerateAsync(["a"], cancellationToken: ct); // "a" is now the most recent
        await cached.GenerateAsync(["c"], cancellationToken: ct); // evicts "b"
        await cached.GenerateAsync(["a", "b"], cancellationToken: ct);

        inner.EmbeddedTexts.ShouldBe(["a", "b", "c", "b"]);
        cached.Count.ShouldBe(2);
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentCallers_ReturnConsistentVectors()
    {
        using var cached = (CachingEmbeddingGenerator)new HashedNGramEmbeddingGenerator().WithEmbeddingCache(capacity: 50);
        string[] texts = Enumerable.Range(0, 200).Select(i => $"text number {i % 80}").ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => cached.GenerateAsync(texts, cancellationToken: TestContext.Current.CancellationToken))));

        var expected = new HashedNGramEmbeddingGenerator();
        foreach (var result in results)
        {
            result.Count.ShouldBe(200);
            result[17].Vector.ToArray().ShouldBe(expected.Embed(texts[17]));
        }

        cached.Count.ShouldBeLessThanOrEqualTo(50);
    }

    [Fact]
    public async Task GenerateAsync_AdditionalProperties_BypassesCache()
    {
        var inner = new CountingGenerator();
        using var cached = (CachingEmbeddingGenerator)inner.WithEmbeddingCache();
        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() { ["x"] = 1 } };

        await cached.GenerateAsync(["a"], options, TestContext.Current.CancellationToken);
        await cached.GenerateAsync(["a"], options, TestContext.Current.CancellationToken);

        inner.EmbeddedTexts.ShouldBe(["a", "a"]);
        cached.Count.ShouldBe(0);
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new CachingEmbeddingGenerator(new CountingGenerator(), 0));
    }

    /// <summary>Returns a vector whose first value is the order in which the text was first seen by this generator.</summary>
    private sealed class CountingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly Dictionary<string, float> _ids = [];

        public List<string> EmbeddedTexts { get; } = [];

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (string value in values)
            {
                EmbeddedTexts.Add(value);
                if (!_ids.TryGetValue(value, out float id))
                {
                    id = _ids.Count + 1;
                    _ids[value] = id;
                }

                result.Add(new Embedding<float>(new[] { id, 0f }));
            }

            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
