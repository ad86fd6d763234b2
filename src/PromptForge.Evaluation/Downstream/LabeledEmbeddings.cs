namespace PromptForge.Evaluation;

/// <summary>Embeddings with one label per row: a training or test set for the downstream-usefulness evaluation.</summary>
public sealed class LabeledEmbeddings
{
    /// <summary>Initializes a new instance of the <see cref="LabeledEmbeddings"/> class.</summary>
    /// <param name="embeddings">One embedding per example.</param>
    /// <param name="labels">The label of each example.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>, or a label is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The numbers of rows and labels differ, or a label is empty.</exception>
    public LabeledEmbeddings(EmbeddingMatrix embeddings, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        if (embeddings.RowCount != labels.Count)
        {
            throw new ArgumentException($"There are {embeddings.RowCount} embeddings but {labels.Count} labels.", nameof(labels));
        }

        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] is null)
            {
                throw new ArgumentNullException(nameof(labels), $"Label {i} is null.");
            }

            if (string.IsNullOrWhiteSpace(labels[i]))
            {
                throw new ArgumentException($"Label {i} is empty.", nameof(labels));
            }
        }

        Embeddings = embeddings;
        Labels = labels;
    }

    /// <summary>Gets the embeddings.</summary>
    public EmbeddingMatrix Embeddings { get; }

    /// <summary>Gets the labels.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Gets the number of examples.</summary>
    public int Count => Labels.Count;

    /// <summary>Splits the examples into a training and a test part, stratified by label and seeded.</summary>
    /// <param name="testFraction">The share of each label's examples that goes to the test part (at least one per label with 2 or more examples).</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The training and test parts.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not strictly between 0 and 1.</exception>
    public (LabeledEmbeddings Train, LabeledEmbeddings Test) StratifiedSplit(double testFraction, int seed = 0)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be strictly between 0 and 1.");
        }

        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in Labels.Select((label, index) => (label, index)).GroupBy(p => p.label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = group.Select(p => p.index).ToArray();
            random.Shuffle(members);
            int testCount = members.Length < 2 ? 0 : Math.Clamp((int)Math.Round(members.Length * testFraction), 1, members.Length - 1);
            test.AddRange(members.Take(testCount));
            train.AddRange(members.Skip(testCount));
        }

        train.Sort();
        test.Sort();
        return (Subset(train), Subset(test));
    }

    /// <summary>Returns the examples at the given indices.</summary>
    internal LabeledEmbeddings Subset(IReadOnlyList<int> rows) =>
        new(Embeddings.SelectRows(rows), Sampling.Select(Labels, rows));

    /// <summary>Concatenates two sets with the same dimensions.</summary>
    internal static LabeledEmbeddings Concat(LabeledEmbeddings first, LabeledEmbeddings second)
    {
        if (first.Count > 0 && second.Count > 0 && first.Embeddings.Dimensions != second.Embeddings.Dimensions)
        {
            throw new ArgumentException($"The sets have different dimensions ({first.Embeddings.Dimensions} and {second.Embeddings.Dimensions}).", nameof(second));
        }

        int d = first.Count > 0 ? first.Embeddings.Dimensions : second.Embeddings.Dimensions;
        var data = new float[(long)(first.Count + second.Count) * d];
        first.Embeddings.Data.CopyTo(data, 0);
        second.Embeddings.Data.CopyTo(data, first.Embeddings.Data.Length);
        return new LabeledEmbeddings(EmbeddingMatrix.Wrap(data, first.Count + second.Count, d), [.. first.Labels, .. second.Labels]);
    }
}
