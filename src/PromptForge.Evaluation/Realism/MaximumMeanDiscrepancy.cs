using System.Numerics.Tensors;
using MathNet.Numerics.Statistics;

namespace PromptForge.Evaluation;

/// <summary>
/// Maximum mean discrepancy between two sets of embeddings (for example synthetic versus real): the unbiased
/// estimator of MMD^2 (Gretton et al., 2012) with an RBF kernel whose bandwidth is the median pairwise distance
/// (median heuristic). 0 means the sets look drawn from one distribution; larger means further apart.
/// </summary>
public static class MaximumMeanDiscrepancy
{
    /// <summary>Computes the unbiased MMD^2 between the rows of <paramref name="first"/> and <paramref name="second"/>.</summary>
    /// <remarks>
    /// <c>MMD^2_u = sum_{i != j} k(x_i, x_j) / (m(m-1)) + sum_{i != j} k(y_i, y_j) / (n(n-1)) - 2 sum_{i,j} k(x_i, y_j) / (mn)</c>.
    /// Sets larger than <see cref="MmdOptions.MaxSamplesPerSet"/> are subsampled; the bandwidth sigma is the median
    /// Euclidean distance over pairs of a pooled subsample of <see cref="MmdOptions.BandwidthSampleSize"/> rows.
    /// </remarks>
    /// <param name="first">The first set (for example the synthetic samples).</param>
    /// <param name="second">The second set (for example the real examples).</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The estimate with the bandwidth and sample sizes; "not measured" when a set has fewer than 2 rows or every distance is 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="first"/> or <paramref name="second"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The sets have different dimensions, or <paramref name="options"/> is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static MmdResult Compute(EmbeddingMatrix first, EmbeddingMatrix second, MmdOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        options = OptionsValidation.ValidateOrDefault(options, nameof(options));
        if (first.RowCount > 0 && second.RowCount > 0 && first.Dimensions != second.Dimensions)
        {
            throw new ArgumentException($"The sets have different dimensions ({first.Dimensions} and {second.Dimensions}).", nameof(second));
        }

        if (first.RowCount < 2 || second.RowCount < 2)
        {
            return NotMeasured($"MMD^2 needs at least 2 rows in each set (got {first.RowCount} and {second.RowCount})", first.RowCount, second.RowCount, false);
        }

        var random = new Random(options.Seed);
        var x = Subsample(first, options.MaxSamplesPerSet, random);
        var y = Subsample(second, options.MaxSamplesPerSet, random);
        bool subsampled = x.RowCount < first.RowCount || y.RowCount < second.RowCount;
        double sigma = options.Bandwidth ?? MedianDistance(x, y, options.BandwidthSampleSize, random);
        if (!(sigma > 0))
        {
            return NotMeasured("every pairwise distance is 0, so the median-heuristic bandwidth is undefined", x.RowCount, y.RowCount, subsampled);
        }

        double gamma = 1.0 / (2.0 * sigma * sigma);
        var xNorms = SquaredNorms(x);
        var yNorms = SquaredNorms(y);
        double kxx = KernelSum(x, xNorms, x, xNorms, gamma, sameSet: true, cancellationToken);
        double kyy = KernelSum(y, yNorms, y, yNorms, gamma, sameSet: true, cancellationToken);
        double kxy = KernelSum(x, xNorms, y, yNorms, gamma, sameSet: false, cancellationToken);
        double m = x.RowCount;
        double n = y.RowCount;
        double mmd = (kxx / (m * (m - 1))) + (kyy / (n * (n - 1))) - (2.0 * kxy / (m * n));
        return new MmdResult
        {
            MmdSquared = MetricValue.Measured(mmd, x.RowCount + y.RowCount),
            Bandwidth = sigma,
            FirstSampleSize = x.RowCount,
            SecondSampleSize = y.RowCount,
            Subsampled = subsampled,
        };
    }

    private static MmdResult NotMeasured(string reason, int m, int n, bool subsampled) => new()
    {
        MmdSquared = MetricValue.NotMeasured(reason, m + n),
        Bandwidth = null,
        FirstSampleSize = m,
        SecondSampleSize = n,
        Subsampled = subsampled,
    };

    private static EmbeddingMatrix Subsample(EmbeddingMatrix matrix, int max, Random random) =>
        matrix.RowCount <= max ? matrix : matrix.SelectRows(Sampling.SampleIndices(matrix.RowCount, max, random));

    private static double[] SquaredNorms(EmbeddingMatrix matrix)
    {
        var norms = new double[matrix.RowCount];
        for (int i = 0; i < norms.Length; i++)
        {
            var row = matrix[i];
            norms[i] = TensorPrimitives.Dot(row, row);
        }

        return norms;
    }

    private static double MedianDistance(EmbeddingMatrix x, EmbeddingMatrix y, int poolSize, Random random)
    {
        int total = x.RowCount + y.RowCount;
        int[] pooled = Sampling.SampleIndices(total, poolSize, random);
        var rows = pooled.Select(p => p < x.RowCount ? x.Data.AsMemory(p * x.Dimensions, x.Dimensions) : y.Data.AsMemory((p - x.RowCount) * y.Dimensions, y.Dimensions)).ToArray();
        var distances = new double[rows.Length * (rows.Length - 1) / 2];
        Parallel.For(0, rows.Length, i =>
        {
            // Row i's pairs (i, j > i) start at this offset of the packed upper triangle.
            long offset = ((long)i * ((2 * rows.Length) - i - 1)) / 2;
            var ri = rows[i].Span;
            for (int j = i + 1; j < rows.Length; j++)
            {
                distances[offset + (j - i - 1)] = TensorPrimitives.Distance(ri, rows[j].Span);
            }
        });
        return ArrayStatistics.MedianInplace(distances);
    }

    private static double KernelSum(EmbeddingMatrix a, double[] aNorms, EmbeddingMatrix b, double[] bNorms, double gamma, bool sameSet, CancellationToken cancellationToken)
    {
        var rowSums = new double[a.RowCount];
        Parallel.For(0, a.RowCount, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var ai = a[i];
            double sum = 0;
            for (int j = sameSet ? i + 1 : 0; j < b.RowCount; j++)
            {
                double squared = Math.Max(0.0, aNorms[i] + bNorms[j] - (2.0 * TensorPrimitives.Dot(ai, b[j])));
                sum += Math.Exp(-gamma * squared);
            }

            rowSums[i] = sum;
        });

        // Fixed-order reduction: the value does not depend on thread scheduling. Same-set sums cover i < j only.
        double total = 0;
        foreach (double s in rowSums)
        {
            total += s;
        }

        return sameSet ? 2.0 * total : total;
    }
}
