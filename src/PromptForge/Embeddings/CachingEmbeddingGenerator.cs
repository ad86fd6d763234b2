using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>
/// A delegating embedding generator that remembers embeddings by text, so a text embedded once (a real example,
/// a sample critiqued by several critics) is never embedded again. Thread-safe; bounded by least-recently-used eviction.
/// </summary>
/// <remarks>
/// The cache key is the text plus the requested model id and dimensions. Requests whose
/// <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> are set bypass the cache, because those properties
/// can change the result in ways the key cannot see. Within one request only the texts missing from the cache are
/// sent to the inner generator, once each.
/// </remarks>
internal sealed class CachingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<CacheKey, LinkedListNode<CacheEntry>> _entries = [];
    private readonly LinkedList<CacheEntry> _recency = new();

    /// <summary>Initializes a new instance of the <see cref="CachingEmbeddingGenerator"/> class.</summary>
    /// <param name="innerGenerator">The generator that computes embeddings on a cache miss.</param>
    /// <param name="capacity">The maximum number of embeddings kept.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerGenerator"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public CachingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, int capacity = DefaultCapacity)
        : base(innerGenerator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The default number of embeddings kept: 100,000 (about 150 MB at 384 dimensions).</summary>
    public const int DefaultCapacity = 100_000;

    /// <summary>Gets the maximum number of embeddings kept.</summary>
    /// <value>The default is <see cref="DefaultCapacity"/>.</value>
    public int Capacity { get; }

    /// <summary>Gets the number of embeddings currently cached.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/> or contains <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The inner generator returned a different number of embeddings than texts.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
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

        if (options?.AdditionalProperties is { Count: > 0 })
        {
            return await base.GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
        }

        var found = new Embedding<float>?[texts.Count];
        var missing = new List<string>();
        var missingSet = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            for (int i = 0; i < texts.Count; i++)
            {
                var key = new CacheKey(texts[i], options?.ModelId, options?.Dimensions);
                if (_entries.TryGetValue(key, out var node))
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    found[i] = node.Value.Embedding;
                }
                else if (missingSet.Add(texts[i]))
                {
                    missing.Add(texts[i]);
                }
            }
        }

        var computed = new Dictionary<string, Embedding<float>>(StringComparer.Ordinal);
        if (missing.Count > 0)
        {
            var generated = await base.GenerateAsync(missing, options, cancellationToken).ConfigureAwait(false);
            if (generated.Count != missing.Count)
            {
                throw new InvalidOperationException(
                    $"The inner embedding generator returned {generated.Count} embeddings for {missing.Count} texts.");
            }

            lock (_gate)
            {
                for (int i = 0; i < missing.Count; i++)
                {
                    computed[missing[i]] = generated[i];
                    Store(new CacheKey(missing[i], options?.ModelId, options?.Dimensions), generated[i]);
                }
            }
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        for (int i = 0; i < texts.Count; i++)
        {
            // A fresh Embedding per caller: Embedding's properties are mutable and must not leak between callers.
            var source = found[i] ?? computed[texts[i]];
            result.Add(new Embedding<float>(source.Vector) { ModelId = source.ModelId, CreatedAt = source.CreatedAt });
        }

        return result;
    }

    private void Store(CacheKey key, Embedding<float> embedding)
    {
        if (_entries.TryGetValue(key, out var existing))
        {
            _recency.Remove(existing);
            _entries.Remove(key);
        }

        var node = _recency.AddFirst(new CacheEntry(key, embedding));
        _entries[key] = node;
        while (_entries.Count > Capacity && _recency.Last is { } oldest)
        {
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.Key);
        }
    }

    private readonly record struct CacheKey(string Text, string? ModelId, int? Dimensions);

    private sealed record CacheEntry(CacheKey Key, Embedding<float> Embedding);
}
