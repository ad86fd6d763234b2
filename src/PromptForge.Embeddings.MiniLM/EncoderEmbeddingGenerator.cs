using Microsoft.Extensions.AI;

namespace PromptForge.Embeddings.MiniLM;

/// <summary>The uncached generator under <see cref="MiniLMEmbeddingGenerator"/>: one length-bucketed encoder pass per request.</summary>
internal sealed class EncoderEmbeddingGenerator(MiniLMEncoder encoder, int maxBatchSize, EmbeddingGeneratorMetadata metadata)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        IReadOnlyList<string> texts = values as IReadOnlyList<string> ?? values.ToList();
        foreach (string text in texts)
        {
            ArgumentNullException.ThrowIfNull(text, nameof(values));
        }

        // The work is CPU-bound and synchronous (ONNX Runtime has no async API); cancellation is honored between
        // batches and inside a running batch.
        var vectors = encoder.Encode(texts, maxBatchSize, bucketByLength: true, cancellationToken);
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = metadata.DefaultModelId });
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    // The encoder belongs to MiniLMEmbeddingGenerator, which disposes it.
    public void Dispose()
    {
    }
}
