using System.Numerics.Tensors;

namespace PromptForge.Evaluation;

/// <summary>Gram matrices of row-major float data, accumulated in double for accuracy.</summary>
internal static class GramMatrix
{
    private const int FlushEvery = 256;

    /// <summary>
    /// Computes <c>X^T X</c> (d x d, column-major = row-major since symmetric) of the n x d matrix. Rows are split across
    /// cores; each core accumulates rank-1 updates in float for up to 256 rows, then adds them into double.
    /// Partial sums are added in a fixed order, so the result does not depend on thread scheduling.
    /// </summary>
    public static double[] Covariance(float[] data, int rows, int dimensions, CancellationToken cancellationToken)
    {
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, rows / 1024));
        var partials = new double[workers][];
        Parallel.For(0, workers, new ParallelOptions { CancellationToken = cancellationToken }, worker =>
        {
            int start = (int)((long)rows * worker / workers);
            int end = (int)((long)rows * (worker + 1) / workers);
            var floatAcc = new float[dimensions * dimensions];
            var doubleAcc = new double[dimensions * dimensions];
            int pending = 0;
            for (int r = start; r < end; r++)
            {
                var x = data.AsSpan(r * dimensions, dimensions);
                for (int i = 0; i < dimensions; i++)
                {
                    float xi = x[i];
                    if (xi != 0f)
                    {
                        // Upper triangle only: row i, columns i..d.
                        var acc = floatAcc.AsSpan((i * dimensions) + i, dimensions - i);
                        TensorPrimitives.MultiplyAdd(x[i..], xi, acc, acc);
                    }
                }

                if (++pending == FlushEvery || r == end - 1)
                {
                    for (int k = 0; k < floatAcc.Length; k++)
                    {
                        doubleAcc[k] += floatAcc[k];
                    }

                    Array.Clear(floatAcc);
                    pending = 0;
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            partials[worker] = doubleAcc;
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
