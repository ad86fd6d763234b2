using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>The embedding generator a loop uses when the user configures none: offline and deterministic.</summary>
internal static class DefaultEmbeddings
{
    // Temporary until the hashed n-gram TF-IDF generator lands in Embeddings/.
    public static IEmbeddingGenerator<string, Embedding<float>> Create() => new WordHashEmbeddingGenerator();

    private sealed class WordHashEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private const int Dimensions = 256;

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (string value in values)
            {
                var vector = new float[Dimensions];
                foreach (string word in value.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                {
                    vector[StableHash.Combine(0, 0, word) % Dimensions] += 1f;
                }

                float norm = MathF.Sqrt(vector.Sum(v => v * v));
                if (norm > 0)
                {
                    for (int i = 0; i < vector.Length; i++)
                    {
                        vector[i] /= norm;
                    }
                }

                result.Add(new Embedding<float>(vector));
            }

            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
