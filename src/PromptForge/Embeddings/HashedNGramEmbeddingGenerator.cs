using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>
/// An offline, deterministic <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>: hashed word and character
/// n-gram vectors with sublinear term frequency and, once fitted on a corpus, inverse document frequency.
/// </summary>
/// <remarks>
/// <para>
/// Text is lower-cased and split into tokens (runs of letters and digits). The first half of the dimensions holds
/// word n-grams (1 to <see cref="HashedNGramEmbeddingOptions.MaxWordNGram"/>), the second half character n-grams of
/// each token padded with spaces (<see cref="HashedNGramEmbeddingOptions.MinCharNGram"/> to
/// <see cref="HashedNGramEmbeddingOptions.MaxCharNGram"/>). Each feature is weighted <c>(1 + ln tf) * idf</c> and added
/// with a hash-derived sign to a hashed bucket; each half is L2-normalized and the whole vector is scaled by
/// <c>1/sqrt(2)</c>, so the cosine of two vectors is the mean of their word cosine and their character cosine.
/// Text without any token maps to the zero vector.
/// </para>
/// <para>
/// Hashes are FNV-1a based and stable across processes, so the same text always gets the same vector.
/// Instances are immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class HashedNGramEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const ulong WordSeed = 0x9E3779B97F4A7C15UL;
    private const ulong CharSeed = 0xC2B2AE3D27D4EB4FUL;
    private static readonly float HalfScale = 1f / MathF.Sqrt(2f);

    private readonly HashedNGramEmbeddingOptions _options;
    private readonly float[]? _idf;

    /// <summary>Initializes a new instance of the <see cref="HashedNGramEmbeddingGenerator"/> class without IDF weights.</summary>
    /// <param name="options">The feature options; <see langword="null"/> uses the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid (every problem is listed).</exception>
    public HashedNGramEmbeddingGenerator(HashedNGramEmbeddingOptions? options = null)
        : this(options, idf: null, documentCount: 0)
    {
    }

    private HashedNGramEmbeddingGenerator(HashedNGramEmbeddingOptions? options, float[]? idf, int documentCount)
    {
        _options = options?.Clone() ?? new HashedNGramEmbeddingOptions();
        _options.ThrowIfInvalid(nameof(options));
        _idf = idf;
        IdfDocumentCount = documentCount;
        Metadata = new EmbeddingGeneratorMetadata(nameof(HashedNGramEmbeddingGenerator), providerUri: null, _options.ModelId, _options.Dimensions);
    }

    /// <summary>Gets the number of dimensions of every vector.</summary>
    public int Dimensions => _options.Dimensions;

    /// <summary>Gets the number of documents the IDF weights were fitted on; 0 when the generator uses term frequency only.</summary>
    public int IdfDocumentCount { get; }

    /// <summary>Gets the metadata describing this generator.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>
    /// Creates a generator whose features are weighted by inverse document frequency fitted on <paramref name="corpus"/>:
    /// <c>idf = ln((1 + N) / (1 + df)) + 1</c> per hashed bucket.
    /// </summary>
    /// <param name="corpus">The documents to fit on (for example the real examples plus a first synthetic batch).</param>
    /// <param name="options">The feature options; <see langword="null"/> uses the defaults.</param>
    /// <returns>A new generator with IDF weights.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="corpus"/> is <see langword="null"/> or contains a <see langword="null"/> document.</exception>
    /// <exception cref="ArgumentException"><paramref name="corpus"/> is empty, or <paramref name="options"/> is invalid.</exception>
    public static HashedNGramEmbeddingGenerator Fit(IEnumerable<string> corpus, HashedNGramEmbeddingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var unfitted = new HashedNGramEmbeddingGenerator(options);
        int dimensions = unfitted.Dimensions;
        var documentFrequency = new int[dimensions];
        var seen = new bool[dimensions];
        int documents = 0;
        var features = new FeatureCounts();
        foreach (string document in corpus)
        {
            ArgumentNullException.ThrowIfNull(document, nameof(corpus));
            unfitted.CountFeatures(document, features);
            Array.Clear(seen);
            foreach (var (hash, _) in features.Word)
            {
                seen[unfitted.Bucket(hash, word: true)] = true;
            }

            foreach (var (hash, _) in features.Char)
            {
                seen[unfitted.Bucket(hash, word: false)] = true;
            }

            for (int i = 0; i < dimensions; i++)
            {
                documentFrequency[i] += seen[i] ? 1 : 0;
            }

            documents++;
        }

        if (documents == 0)
        {
            throw new ArgumentException("The corpus to fit IDF weights on is empty.", nameof(corpus));
        }

        var idf = new float[dimensions];
        for (int i = 0; i < dimensions; i++)
        {
            idf[i] = (float)(Math.Log((1.0 + documents) / (1.0 + documentFrequency[i])) + 1.0);
        }

        return new HashedNGramEmbeddingGenerator(options, idf, documents);
    }

    /// <summary>Computes the embedding vector of one text synchronously.</summary>
    /// <param name="text">The text.</param>
    /// <returns>A new L2-normalized vector of <see cref="Dimensions"/> values (all zero when the text has no token).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vector = new float[Dimensions];
        var features = new FeatureCounts();
        CountFeatures(text, features);
        int half = Dimensions / 2;
        Accumulate(features.Word, vector.AsSpan(0, half), word: true);
        Accumulate(features.Char, vector.AsSpan(half), word: false);
        NormalizeHalf(vector.AsSpan(0, half));
        NormalizeHalf(vector.AsSpan(half));
        return vector;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/> or contains <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> asks for a different number of dimensions.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } requested && requested != Dimensions)
        {
            throw new ArgumentException($"This generator produces {Dimensions} dimensions; {requested} were requested.", nameof(options));
        }

        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArgumentNullException.ThrowIfNull(value, nameof(values));
            result.Add(new Embedding<float>(Embed(value)) { ModelId = _options.ModelId });
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the generator holds managed arrays only.
    }

    private static void NormalizeHalf(Span<float> half)
    {
        float norm = TensorPrimitives.Norm(half);
        if (norm > 0f)
        {
            TensorPrimitives.Multiply(half, HalfScale / norm, half);
        }
    }

    private void Accumulate(Dictionary<ulong, int> counts, Span<float> half, bool word)
    {
        int offset = word ? 0 : Dimensions / 2;
        foreach (var (hash, count) in counts)
        {
            int bucket = Bucket(hash, word);
            float weight = 1f + MathF.Log(count);
            if (_idf is not null)
            {
                weight *= _idf[bucket];
            }

            // Signed hashing keeps collisions from biasing similarities upward.
            half[bucket - offset] += (hash >> 63) == 0 ? weight : -weight;
        }
    }

    private int Bucket(ulong hash, bool word)
    {
        int half = Dimensions / 2;
        int index = (int)((hash & 0x7FFF_FFFF_FFFF_FFFFUL) % (ulong)half);
        return word ? index : half + index;
    }

    private void CountFeatures(string text, FeatureCounts features)
    {
        features.Clear();
        string lower = text.ToLowerInvariant();
        var tokenHashes = new List<ulong>();
        Span<char> padded = stackalloc char[66];
        int i = 0;
        while (i < lower.Length)
        {
            if (!char.IsLetterOrDigit(lower[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < lower.Length && char.IsLetterOrDigit(lower[i]))
            {
                i++;
            }

            // Very long tokens (URLs, hashes) are cut: their first 64 characters carry the character features.
            ReadOnlySpan<char> token = lower.AsSpan(start, i - start);
            tokenHashes.Add(NGramHash.Hash(token, WordSeed));
            ReadOnlySpan<char> clipped = token.Length > 64 ? token[..64] : token;
            padded[0] = ' ';
            clipped.CopyTo(padded[1..]);
            padded[clipped.Length + 1] = ' ';
            ReadOnlySpan<char> window = padded[..(clipped.Length + 2)];
            for (int n = _options.MinCharNGram; n <= _options.MaxCharNGram; n++)
            {
                for (int s = 0; s + n <= window.Length; s++)
                {
                    Increment(features.Char, NGramHash.Hash(window.Slice(s, n), CharSeed + (ulong)n));
                }
            }
        }

        for (int start = 0; start < tokenHashes.Count; start++)
        {
            ulong hash = (ulong)1;
            for (int n = 1; n <= _options.MaxWordNGram && start + n <= tokenHashes.Count; n++)
            {
                hash = NGramHash.Combine(hash, tokenHashes[start + n - 1]);
                Increment(features.Word, hash);
            }
        }
    }

    private static void Increment(Dictionary<ulong, int> counts, ulong hash) =>
        counts[hash] = counts.TryGetValue(hash, out int count) ? count + 1 : 1;

    private sealed class FeatureCounts
    {
        public Dictionary<ulong, int> Word { get; } = [];

        public Dictionary<ulong, int> Char { get; } = [];

        public void Clear()
        {
            Word.Clear();
            Char.Clear();
        }
    }
}
