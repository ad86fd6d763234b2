using MathNet.Numerics.Distributions;

namespace PromptForge.Evaluation.Tests.TestData;

/// <summary>Seeded synthetic embeddings for the metric tests.</summary>
internal static class SyntheticVectors
{
    public static float[][] Gaussian(int count, int dimensions, int seed, double mean = 0.0, double stddev = 1.0)
    {
        var random = new Random(seed);
        var rows = new float[count][];
        var buffer = new double[dimensions];
        for (int i = 0; i < count; i++)
        {
            Normal.Samples(random, buffer, mean, stddev);
            rows[i] = Array.ConvertAll(buffer, v => (float)v);
        }

        return rows;
    }

    public static float[] Normalize(float[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => (float)(x / norm)).ToArray();
    }

    /// <summary>A unit vector at exactly the given cosine from unit vector <paramref name="x"/>.</summary>
    public static float[] AtCosine(float[] x, double cosine, Random random)
    {
        // u: a random unit vector orthogonal to x, then cos*x + sin*u.
        var u = Gaussian(1, x.Length, random.Next())[0];
        double dot = 0;
        for (int k = 0; k < x.Length; k++)
        {
            dot += u[k] * x[k];
        }

        for (int k = 0; k < x.Length; k++)
        {
            u[k] -= (float)(dot * x[k]);
        }

        u = Normalize(u);
        double sine = Math.Sqrt(1 - (cosine * cosine));
        return Normalize(x.Select((v, k) => (float)((cosine * v) + (sine * u[k]))).ToArray());
    }

    /// <summary>Random unit vectors with <paramref name="planted"/> of them followed by a near-copy at cosine in [low, high].</summary>
    public static float[][] WithPlantedDuplicates(int count, int dimensions, int planted, double low, double high, int seed)
    {
        var random = new Random(seed);
        var rows = Gaussian(count, dimensions, seed + 1).Select(Normalize).ToArray();
        for (int p = 0; p < planted; p++)
        {
            int source = 2 * p;
            rows[source + 1] = AtCosine(rows[source], low + ((high - low) * random.NextDouble()), random);
        }

        return rows;
    }
}
