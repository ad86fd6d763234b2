using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>The embedding generator a loop uses when the user configures none: offline, deterministic and cached by text.</summary>
internal static class DefaultEmbeddings
{
    public static IEmbeddingGenerator<string, Embedding<float>> Create() => new HashedNGramEmbeddingGenerator().WithEmbeddingCache();
}
