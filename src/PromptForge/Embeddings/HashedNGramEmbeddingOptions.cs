using System.ComponentModel.DataAnnotations;

namespace PromptForge;

/// <summary>Options for <see cref="HashedNGramEmbeddingGenerator"/>.</summary>
public sealed class HashedNGramEmbeddingOptions : IValidatableObject
{
    /// <summary>Gets or sets the number of dimensions of every vector.</summary>
    /// <value>
    /// The default is 384, the size of common small sentence-embedding models, so code and benchmarks written
    /// against the offline default keep their shape when a model-backed generator replaces it. Must be even:
    /// the first half holds word features and the second half character features.
    /// </value>
    [Range(16, 65_536)]
    public int Dimensions { get; set; } = 384;

    /// <summary>Gets or sets the longest word n-gram that becomes a feature.</summary>
    /// <value>The default is 2 (word unigrams and bigrams).</value>
    [Range(1, 4)]
    public int MaxWordNGram { get; set; } = 2;

    /// <summary>Gets or sets the shortest character n-gram that becomes a feature.</summary>
    /// <value>The default is 3.</value>
    [Range(1, 10)]
    public int MinCharNGram { get; set; } = 3;

    /// <summary>Gets or sets the longest character n-gram that becomes a feature.</summary>
    /// <value>The default is 5.</value>
    [Range(1, 10)]
    public int MaxCharNGram { get; set; } = 5;

    /// <summary>Gets or sets the model id reported in the generator metadata and on every embedding.</summary>
    /// <value>The default is <c>"hashed-ngram-v1"</c>; change it only when you change the features, so caches keyed on it stay valid.</value>
    [Required]
    public string ModelId { get; set; } = "hashed-ngram-v1";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Dimensions % 2 != 0)
        {
            yield return new ValidationResult($"Dimensions must be even (half word features, half character features); got {Dimensions}.", [nameof(Dimensions)]);
        }

        if (MinCharNGram > MaxCharNGram)
        {
            yield return new ValidationResult($"MinCharNGram ({MinCharNGram}) must not exceed MaxCharNGram ({MaxCharNGram}).", [nameof(MinCharNGram), nameof(MaxCharNGram)]);
        }
    }

    internal HashedNGramEmbeddingOptions Clone() => (HashedNGramEmbeddingOptions)MemberwiseClone();

    internal void ThrowIfInvalid(string paramName)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ArgumentException(
                "Invalid HashedNGramEmbeddingOptions: " + string.Join(" ", results.Select(r => r.ErrorMessage)),
                paramName);
        }
    }
}
