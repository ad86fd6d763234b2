using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>Extension methods that add PromptForge's embedding cache to any embedding generator.</summary>
public static class EmbeddingGeneratorCachingExtensions
{
    /// <summary>The default number of embeddings the cache keeps.</summary>
    public const int DefaultCacheCapacity = CachingEmbeddingGenerator.DefaultCapacity;

    /// <summary>
    /// Wraps <paramref name="generator"/> in a cache that remembers embeddings by text (least recently used out first);
    /// dispose the result to dispose <paramref name="generator"/>.
    /// </summary>
    /// <param name="generator">The generator to wrap.</param>
    /// <param name="capacity">The maximum number of embeddings kept.</param>
    /// <returns>The caching generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> WithEmbeddingCache(
        this IEmbeddingGenerator<string, Embedding<float>> generator,
        int capacity = DefaultCacheCapacity)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return new CachingEmbeddingGenerator(generator, capacity);
    }
}
