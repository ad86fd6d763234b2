using Microsoft.Extensions.AI;

namespace PromptForge.SynSmith.Tests.Fakes;

/// <summary>An embedding generator with hand-chosen vectors per text (others get a default), for hand-computed metrics.</summary>
internal sealed class FixedEmbeddings(IReadOnlyDictionary<string, float[]> vectors, float[]? fallback = null) : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(vectors.TryGetValue(v, out var vector) ? vector : fallback ?? throw new KeyNotFoundException(v)))));

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
