using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using System.Numerics.Tensors;

namespace PromptForge.Evaluation;

/// <summary>
/// The Vendi score (Friedman and Dieng, 2023) with the cosine kernel: <c>exp(-sum(lambda_i ln lambda_i))</c> over the
/// eigenvalues of <c>K / n</c>, where <c>K</c> is the cosine-similarity matrix. It reads as the effective number of
/// distinct items: n identical items score 1, n mutually orthogonal items score n.
/// </summary>
/// <remarks>
/// Rows are L2-normalized first. When n exceeds the dimension d, the eigenvalues come from the d x d dual
/// <c>X^T X / n</c>, which has the same non-zero eigenvalues as <c>X X^T / n</c>, so the cost is O(n d^2 + d^3) instead
/// of O(n^2 d + n^3). All-zero rows (texts without features) are left out and the sample size says so. The score grows
/// with n, so compare batches on equal-size subsamples (the <c>subsampleSize</c> argument of <see cref="Compute"/>).
/// </remarks>
public static class VendiScore
{
    /// <summary>Computes the Vendi score of the rows of <paramref name="embeddings"/>.</summary>
    /// <param name="embeddings">One embedding per sample.</param>
    /// <param name="subsampleSize">When set, the score is computed on a seeded random sample of this many rows.</param>
    /// <param name="seed">The seed of the subsample.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The score with the number of rows used, or "not measured" with fewer than 2 non-zero rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="embeddings"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="subsampleSize"/> is less than 2.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static MetricValue Compute(EmbeddingMatrix embeddings, int? subsampleSize = null, int seed = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (subsampleSize is < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(subsampleSize), subsampleSize, "The subsample size must be at least 2.");
        }

        var rows = subsampleSize is { } size && size < embeddings.RowCount
            ? Sampling.SampleIndices(embeddings.RowCount, size, new Random(seed))
            : Enumerable.Range(0, embeddings.RowCount).ToArray();
        var used = new List<int>(rows.Length);
        var inverseNorms = new List<float>(rows.Length);
        foreach (int row in rows)
        {
            float norm = TensorPrimitives.Norm(embeddings[row]);
            if (norm > 0f)
            {
                used.Add(row);
                inverseNorms.Add(1f / norm);
            }
        }

        if (used.Count < 2)
        {
            return MetricValue.NotMeasured("the Vendi score needs at least 2 non-zero embeddings", used.Count);
        }

        double[] eigenvalues = used.Count > embeddings.Dimensions
            ? DualEigenvalues(embeddings, [.. used], [.. inverseNorms], cancellationToken)
            : PrimalEigenvalues(embeddings.SelectRows(used).NormalizeRows());
        return MetricValue.Measured(FromEigenvalues(eigenvalues), used.Count);
    }

    /// <summary>Eigenvalues of <c>X X^T / n</c> (n x n).</summary>
    internal static double[] PrimalEigenvalues(EmbeddingMatrix normalized)
    {
        int n = normalized.RowCount;
        var kernel = GramMatrix.Kernel(normalized.Data, n, normalized.Dimensions);
        return SymmetricEigenvalues(kernel, n, n);
    }

    /// <summary>Eigenvalues of the dual <c>X^T X / n</c> (d x d) of the given rows, each scaled by its factor (1 / norm normalizes without copying the data).</summary>
    internal static double[] DualEigenvalues(EmbeddingMatrix embeddings, int[] rows, float[] scales, CancellationToken cancellationToken)
    {
        int d = embeddings.Dimensions;
        var gram = GramMatrix.Covariance(embeddings.Data, rows, scales, d, cancellationToken);
        return SymmetricEigenvalues(gram, d, rows.Length);
    }

    /// <summary><c>exp</c> of the Shannon entropy of the eigenvalues, renormalized to sum to 1 after clamping round-off negatives.</summary>
    internal static double FromEigenvalues(double[] eigenvalues)
    {
        double sum = eigenvalues.Where(l => l > 0).Sum();
        double entropy = 0;
        foreach (double lambda in eigenvalues)
        {
            if (lambda > 1e-12 * sum)
            {
                double p = lambda / sum;
                entropy -= p * Math.Log(p);
            }
        }

        return Math.Exp(entropy);
    }

    private static double[] SymmetricEigenvalues(double[] matrix, int size, int n)
    {
        var m = Matrix<double>.Build.Dense(size, size, matrix) / n;
        return m.Evd(Symmetricity.Symmetric).EigenValues.Select(c => c.Real).ToArray();
    }
}
