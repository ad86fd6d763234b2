using System.ComponentModel.DataAnnotations;

namespace PromptForge.Evaluation;

/// <summary>Options for <see cref="LexicalMetrics.SelfBleu"/>.</summary>
public sealed class SelfBleuOptions
{
    /// <summary>Gets or sets the size of the reference set.</summary>
    /// <value>
    /// The default is 1,000. Above it, the references are a seeded random sample of this many texts. Self-BLEU rises
    /// with the number of references, so a fixed reference count is also what makes batches of different sizes comparable.
    /// </value>
    [Range(2, int.MaxValue)]
    public int MaxReferences { get; set; } = 1_000;

    /// <summary>Gets or sets the maximum number of hypotheses (texts scored against the references); <see langword="null"/> scores every text.</summary>
    /// <value>
    /// The default is 5,000. Above it, a seeded random sample of hypotheses is scored: the mean of 5,000 sentence
    /// scores has a standard error below 1% of their spread, and the value does not drift with dataset size.
    /// </value>
    [Range(1, int.MaxValue)]
    public int? MaxHypotheses { get; set; } = 5_000;

    /// <summary>Gets or sets the seed of the reference and hypothesis sampling.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; set; }
}
