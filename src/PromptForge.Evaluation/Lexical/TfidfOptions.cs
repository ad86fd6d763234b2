using System.ComponentModel.DataAnnotations;

namespace PromptForge.Evaluation;

/// <summary>Options for <see cref="TfidfVectorizer.Fit"/>.</summary>
public sealed class TfidfOptions : IValidatableObject
{
    /// <summary>Gets or sets what counts as a term.</summary>
    /// <value>The default is <see cref="TfidfAnalyzer.Word"/>.</value>
    public TfidfAnalyzer Analyzer { get; set; } = TfidfAnalyzer.Word;

    /// <summary>Gets or sets the smallest n-gram length (words or characters, per <see cref="Analyzer"/>).</summary>
    /// <value>The default is 1.</value>
    [Range(1, 10)]
    public int MinN { get; set; } = 1;

    /// <summary>Gets or sets the largest n-gram length.</summary>
    /// <value>The default is 1.</value>
    [Range(1, 10)]
    public int MaxN { get; set; } = 1;

    /// <summary>Gets or sets the vocabulary size: the terms most frequent in the fitted corpus are kept (ties in ordinal order).</summary>
    /// <value>The default is 20,000.</value>
    [Range(1, 1_000_000)]
    public int MaxFeatures { get; set; } = 20_000;

    /// <summary>Gets or sets a value indicating whether texts are lower-cased before counting.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Lowercase { get; set; } = true;

    /// <summary>Gets the options for character n-grams of 3 to 5 characters inside word boundaries.</summary>
    /// <returns>New options.</returns>
    public static TfidfOptions CharNGrams() => new() { Analyzer = TfidfAnalyzer.CharWordBoundary, MinN = 3, MaxN = 5 };

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinN > MaxN)
        {
            yield return new ValidationResult($"MinN ({MinN}) must not exceed MaxN ({MaxN}).", [nameof(MinN), nameof(MaxN)]);
        }
    }
}
