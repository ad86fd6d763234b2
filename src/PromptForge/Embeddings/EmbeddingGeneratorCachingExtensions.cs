using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>Extension methods that add PromptForge's embedding cache to any embedding generator.</summary>
public static class EmbeddingGeneratorCachingExtensions
{
    /// <summary>Wraps <paramref name="generator"/> in a <see cref="CachingEmbeddingGenerator"/> that remembers embeddings by text.</summary>
    /// <param name="generator">The generator to wrap.</param>
    /// <param name="capacity">The maximum number of embeddings kept.</param>
    /// <returns>The caching generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public static CachingEmbeddingGenerator WithEmbeddingCache(
        this IEmbeddingGenerator<string, Embedding<float>> generator,
        int capacity = CachingEmbeddingGenerator.DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return new CachingEmbeddingGenerator(generator, capacity);
    }
}
