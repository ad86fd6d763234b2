namespace PromptForge.Embeddings.MiniLM.Tests;

/// <summary>One loaded model for a test class: loading the 91 MB ONNX graph takes seconds.</summary>
public sealed class MiniLMModelFixture : IDisposable
{
    /// <summary>Gets an uncached generator, so every test measures the model and not the cache.</summary>
    public MiniLMEmbeddingGenerator Uncached { get; } = new(new MiniLMEmbeddingOptions { CacheCapacity = 0 });

    public void Dispose() => Uncached.Dispose();
}
