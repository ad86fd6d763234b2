using Microsoft.Extensions.AI;
using PromptForge.Evaluation;

namespace PromptForge.SynSmith;

/// <summary>
/// Downstream usefulness of a synthetic dataset: a classifier (embeddings + logistic regression) trained on the
/// synthetic samples alone and on real + synthetic, evaluated on a held-out real test split; macro F1 over the
/// labels present in the TEST set and worst-class F1 (reference defect 10 averaged over labels absent from it).
/// </summary>
public static class SynSmithDownstream
{
    /// <summary>Evaluates the dataset.</summary>
    /// <param name="samples">The synthetic samples (for example from <see cref="SynSmithDatasetExporter.Collect(RunResult, AttributeSchema, bool, bool)"/>).</param>
    /// <param name="realTrain">The real training examples (for the real + synthetic condition).</param>
    /// <param name="realTest">The held-out real test examples.</param>
    /// <param name="embeddings">The embedding generator.</param>
    /// <param name="options">The downstream options (classifier, comparison); defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The result per condition (<see cref="DownstreamEvaluation.SyntheticOnly"/>, <see cref="DownstreamEvaluation.RealPlusSynthetic"/>, <see cref="DownstreamEvaluation.RealOnly"/>).</returns>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    public static async Task<DownstreamResult> EvaluateAsync(
        IReadOnlyList<ExportedSample> samples,
        RealExampleSet realTrain,
        RealExampleSet realTest,
        IEmbeddingGenerator<string, Embedding<float>> embeddings,
        DownstreamOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(realTrain);
        ArgumentNullException.ThrowIfNull(realTest);
        ArgumentNullException.ThrowIfNull(embeddings);
        var synthetic = await LabeledAsync(embeddings, samples.Select(s => (s.Text, s.Label)).ToArray(), cancellationToken).ConfigureAwait(false);
        var train = await LabeledAsync(embeddings, realTrain.Select(r => (r.Text, r.Label)).ToArray(), cancellationToken).ConfigureAwait(false);
        var test = await LabeledAsync(embeddings, realTest.Select(r => (r.Text, r.Label)).ToArray(), cancellationToken).ConfigureAwait(false);
        return DownstreamEvaluation.Evaluate(synthetic, test, train, options, cancellationToken);
    }

    private static async Task<LabeledEmbeddings> LabeledAsync(
        IEmbeddingGenerator<string, Embedding<float>> embeddings, (string Text, string Label)[] rows, CancellationToken cancellationToken)
    {
        var matrix = rows.Length == 0
            ? EmbeddingMatrix.FromRows(Array.Empty<float[]>())
            : await EmbeddingMatrix.GenerateAsync(embeddings, rows.Select(r => r.Text).ToArray(), cancellationToken).ConfigureAwait(false);
        return new LabeledEmbeddings(matrix, rows.Select(r => r.Label).ToArray());
    }
}
