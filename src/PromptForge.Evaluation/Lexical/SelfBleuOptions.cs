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

    /// <summary>Gets or sets the maximum number of hypotheses (texts scored against the references).</summary>
    /// <value>The default is <see langword="null"/>: every text is scored (the cost is linear in the number of texts).</value>
    [Range(1, int.MaxValue)]
    public int? MaxHypotheses { get; set; }

    /// <summary>Gets or sets the seed of the reference and hypothesis sampling.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; set; }
}
