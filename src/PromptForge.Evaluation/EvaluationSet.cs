namespace PromptForge.Evaluation;

/// <summary>
/// A dataset to evaluate: texts plus, optionally, their embeddings, labels and attributes (all in the same order).
/// Metrics whose input is missing are reported as "not measured" with the reason.
/// </summary>
public sealed class EvaluationSet
{
    /// <summary>Initializes a new instance of the <see cref="EvaluationSet"/> class.</summary>
    /// <param name="texts">The texts, one per sample.</param>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is <see langword="null"/> or contains <see langword="null"/>.</exception>
    public EvaluationSet(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentNullException(nameof(texts), $"Text {i} is null.");
            }
        }

        Texts = texts;
    }

    /// <summary>
    /// Creates a set from loop samples: <see cref="Sample.Input"/> as the text, <see cref="Sample.Expected"/> as the label
    /// (when every sample has one) and <see cref="Sample.GeneratedAttributes"/> as the attributes. The requested
    /// attributes are deliberately not used: they describe the planner, not the text.
    /// </summary>
    /// <param name="samples">The samples.</param>
    /// <param name="embeddings">Their embeddings in the same order, or <see langword="null"/>.</param>
    /// <returns>The evaluation set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is <see langword="null"/> or contains <see langword="null"/>.</exception>
    public static EvaluationSet FromSamples(IReadOnlyList<Sample> samples, EmbeddingMatrix? embeddings = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Any(s => s is null))
        {
            throw new ArgumentNullException(nameof(samples), "A sample is null.");
        }

        bool labeled = samples.Count > 0 && samples.All(s => !string.IsNullOrWhiteSpace(s.Expected));
        return new EvaluationSet(samples.Select(s => s.Input).ToList())
        {
            Embeddings = embeddings,
            Labels = labeled ? samples.Select(s => s.Expected!).ToList() : null,
            Attributes = samples.Select(s => s.GeneratedAttributes).ToList(),
        };
    }

    /// <summary>Gets the texts.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>Gets the embeddings of the texts (one row per text), or <see langword="null"/> to skip the embedding-based metrics (or let <see cref="DatasetMetrics.ComputeAsync"/> embed the texts).</summary>
    public EmbeddingMatrix? Embeddings { get; init; }

    /// <summary>Gets the label of each text (for the downstream-usefulness evaluation), or <see langword="null"/>.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Gets the attributes each text actually has (verified or generated, not requested), or <see langword="null"/>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>>? Attributes { get; init; }

    /// <summary>Gets the number of samples.</summary>
    public int Count => Texts.Count;

    /// <summary>Throws when the optional columns do not have one entry per text.</summary>
    internal void Validate(string paramName)
    {
        var problems = new List<string>();
        if (Embeddings is not null && Embeddings.RowCount != Texts.Count)
        {
            problems.Add($"{Embeddings.RowCount} embeddings for {Texts.Count} texts.");
        }

        if (Labels is not null && Labels.Count != Texts.Count)
        {
            problems.Add($"{Labels.Count} labels for {Texts.Count} texts.");
        }

        if (Labels is not null && Labels.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("a label is null or empty.");
        }

        if (Attributes is not null && Attributes.Count != Texts.Count)
        {
            problems.Add($"{Attributes.Count} attribute sets for {Texts.Count} texts.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid evaluation set: " + string.Join(" ", problems), paramName);
        }
    }

    internal EvaluationSet WithEmbeddings(EmbeddingMatrix embeddings) =>
        new(Texts) { Embeddings = embeddings, Labels = Labels, Attributes = Attributes };
}
