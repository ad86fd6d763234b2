using System.ComponentModel.DataAnnotations;

namespace PromptForge.Embeddings.MiniLM;

/// <summary>Options for <see cref="MiniLMEmbeddingGenerator"/>.</summary>
public sealed class MiniLMEmbeddingOptions
{
    /// <summary>Gets or sets the number of threads ONNX Runtime uses inside one batch.</summary>
    /// <value>The default is the number of processors of the machine.</value>
    [Range(1, 256)]
    public int Threads { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 256);

    /// <summary>Gets or sets the largest number of texts encoded in one model call.</summary>
    /// <value>
    /// The default is 32. Texts are sorted by token count before they are cut into batches, so a batch pads to the
    /// longest of similar-length texts instead of the longest text of the request.
    /// </value>
    [Range(1, 4_096)]
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>Gets or sets the number of tokens, including the two special tokens, after which a text is truncated.</summary>
    /// <value>The default is 256, the sequence length all-MiniLM-L6-v2 was trained with (sentence-transformers' <c>max_seq_length</c>).</value>
    [Range(3, 512)]
    public int MaxTokens { get; set; } = 256;

    /// <summary>Gets or sets how many embeddings the text cache keeps (see <see cref="EmbeddingGeneratorCachingExtensions.WithEmbeddingCache"/>); 0 disables the cache.</summary>
    /// <value>The default is <see cref="EmbeddingGeneratorCachingExtensions.DefaultCacheCapacity"/>.</value>
    [Range(0, int.MaxValue)]
    public int CacheCapacity { get; set; } = EmbeddingGeneratorCachingExtensions.DefaultCacheCapacity;

    internal MiniLMEmbeddingOptions Clone() => (MiniLMEmbeddingOptions)MemberwiseClone();

    internal void ThrowIfInvalid(string paramName)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ArgumentException(
                "Invalid MiniLMEmbeddingOptions: " + string.Join(" ", results.Select(r => r.ErrorMessage)),
                paramName);
        }
    }
}
