using System.Numerics.Tensors;

namespace PromptForge.Evaluation;

/// <summary>Gram matrices of row-major float data, accumulated in double for accuracy.</summary>
internal static class GramMatrix
{
    private const int BlockRows = 128;

    /// <summary>
    /// Computes <c>X^T X</c> (d x d, symmetric) of the n x d matrix, in double (float accumulation leaves eigenvalue
    /// noise of about 1e-6 that visibly inflates the Vendi score of near-identical items).
    /// </summary>
    /// <remarks>
    /// Rows are processed in blocks of 128: a block is transposed into a d x 128 panel, so each Gram entry of the block
    /// is one contiguous dot product of length 128 (SIMD through TensorPrimitives) and the d x d accumulator is touched
    /// once per block instead of once per row. Blocks are split across cores; per-core partial sums are added in a fixed
    /// order, so the result does not depend on thread scheduling.
    /// </remarks>
    /// <param name="data">The row-major source matrix.</param>
    /// <param name="rowIndices">The source rows to use.</param>
    /// <param name="rowScales">A factor per used row (for example 1 / norm, which normalizes without a copy of the data).</param>
    /// <param name="dimensions">The number of columns.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    public static double[] Covariance(float[] data, int[] rowIndices, float[] rowScales, int dimensions, CancellationToken cancellationToken)
    {
        int rows = rowIndices.Length;
        int blocks = (rows + BlockRows - 1) / BlockRows;
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, blocks));
        var partials = new double[workers][];
        Parallel.For(0, workers, new ParallelOptions { CancellationToken = cancellationToken }, worker =>
        {
            int firstBlock = (int)((long)blocks * worker / workers);
            int endBlock = (int)((long)blocks * (worker + 1) / workers);
            var acc = new double[dimensions * dimensions];
            var panel = new double[dimensions * BlockRows];
            for (int block = firstBlock; block < endBlock; block++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int start = block * BlockRows;
                int count = Math.Min(BlockRows, rows - start);
                for (int k = 0; k < count; k++)
                {
                    var row = data.AsSpan(rowIndices[start + k] * dimensions, dimensions);
                    double scale = rowScales[start + k];
                    for (int i = 0; i < dimensions; i++)
                    {
                        panel[(i * BlockRows) + k] = row[i] * scale;
                    }
                }

                for (int i = 0; i < dimensions; i++)
                {
                    var pi = panel.AsSpan(i * BlockRows, count);
                    int offset = i * dimensions;
                    for (int j = i; j < dimensions; j++)
                    {
                        acc[offset + j] += TensorPrimitives.Dot(pi, panel.AsSpan(j * BlockRows, count));
                    }
                }
            }

            partials[worker] = acc;
        });

        var gram = new double[dimensions * dimensions];
        foreach (var partial in partials)
        {
            TensorPrimitives.Add(gram, partial, gram);
        }

        for (int i = 0; i < dimensions; i++)
        {
            for (int j = i + 1; j < dimensions; j++)
            {
                gram[(j * dimensions) + i] = gram[(i * dimensions) + j];
            }
        }

        return gram;
    }

    /// <summary>Computes <c>X X^T</c> (n x n) of the n x d matrix.</summary>
    public static double[] Kernel(float[] data, int rows, int dimensions)
    {
        var kernel = new double[rows * rows];
        for (int i = 0; i < rows; i++)
        {
            var xi = data.AsSpan(i * dimensions, dimensions);
            for (int j = i; j < rows; j++)
            {
                double dot = TensorPrimitives.Dot(xi, data.AsSpan(j * dimensions, dimensions));
                kernel[(i * rows) + j] = dot;
                kernel[(j * rows) + i] = dot;
            }
        }

        return kernel;
    }
}
