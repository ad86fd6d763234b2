using System.Numerics.Tensors;

namespace PromptForge.Evaluation;

/// <summary>Gram matrices of row-major float data, accumulated in double for accuracy.</summary>
internal static class GramMatrix
{
    /// <summary>
    /// Computes <c>X^T X</c> (d x d, symmetric) of the n x d matrix. Rows are split across cores; each core adds the
    /// rank-1 updates of its rows (upper triangle) in double, because float accumulation leaves eigenvalue noise of
    /// about 1e-6 that visibly inflates the Vendi score of near-identical items. Partial sums are added in a fixed
    /// order, so the result does not depend on thread scheduling.
    /// </summary>
    public static double[] Covariance(float[] data, int rows, int dimensions, CancellationToken cancellationToken)
    {
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, rows / 1024));
        var partials = new double[workers][];
        Parallel.For(0, workers, new ParallelOptions { CancellationToken = cancellationToken }, worker =>
        {
            int start = (int)((long)rows * worker / workers);
            int end = (int)((long)rows * (worker + 1) / workers);
            var acc = new double[dimensions * dimensions];
            var x = new double[dimensions];
            for (int r = start; r < end; r++)
            {
                TensorPrimitives.ConvertChecked<float, double>(data.AsSpan(r * dimensions, dimensions), x);
                for (int i = 0; i < dimensions; i++)
                {
                    double xi = x[i];
                    if (xi != 0.0)
                    {
                        // Upper triangle only: row i, columns i..d.
                        var row = acc.AsSpan((i * dimensions) + i, dimensions - i);
                        TensorPrimitives.MultiplyAdd(x.AsSpan(i), xi, row, row);
                    }
                }

                if ((r & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
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
