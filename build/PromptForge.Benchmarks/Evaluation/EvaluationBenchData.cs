using System.Numerics.Tensors;
using MathNet.Numerics.Distributions;
using PromptForge.Evaluation;

namespace PromptForge.Benchmarks.Evaluation;

/// <summary>
/// Seeded synthetic data for the evaluation scaling bench: clustered unit embeddings with planted near-duplicates,
/// texts drawn from a Zipf-like vocabulary with recurring phrases, and two attributes.
/// </summary>
internal sealed class EvaluationBenchData
{
    private EvaluationBenchData(EmbeddingMatrix embeddings, IReadOnlyList<string> texts, IReadOnlyList<IReadOnlyDictionary<string, string>> attributes, int plantedPairs)
    {
        Embeddings = embeddings;
        Texts = texts;
        Attributes = attributes;
        PlantedPairs = plantedPairs;
    }

    public EmbeddingMatrix Embeddings { get; }

    public IReadOnlyList<string> Texts { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Attributes { get; }

    public int PlantedPairs { get; }

    /// <summary>
    /// Each row is <c>normalize(0.6 c + 0.8 g)</c> for one of 200 random unit centers c and a random unit direction g
    /// (within-cluster cosine about 0.36, across clusters about 0); one row in 100 is replaced by a copy of its
    /// predecessor at cosine 0.921 to 0.99 (just above the 0.92 threshold, where the index is weakest). <paramref name="centerShift"/> moves every center, to make a second,
    /// different distribution (the "real" set for MMD and the classifier).
    /// </summary>
    public static EvaluationBenchData Create(int count, int dimensions, int seed, double centerShift = 0.0)
    {
        var random = new Random(seed);
        var centers = new float[200][];
        var buffer = new double[dimensions];
        for (int c = 0; c < centers.Length; c++)
        {
            Normal.Samples(random, buffer, 0, 1);
            buffer[0] += centerShift * Math.Sqrt(dimensions);
            centers[c] = Unit(buffer);
        }

        var data = new float[(long)count * dimensions];
        var clusterOf = new int[count];
        int planted = 0;
        for (int i = 0; i < count; i++)
        {
            var row = data.AsSpan(i * dimensions, dimensions);
            if (i % 100 == 99)
            {
                // Near-duplicate of row i-1 at a chosen cosine: cos * x + sin * u, u orthogonal to x.
                var previous = data.AsSpan((i - 1) * dimensions, dimensions);
                Normal.Samples(random, buffer, 0, 1);
                var u = Unit(buffer);
                float dot = TensorPrimitives.Dot(u, previous);
                TensorPrimitives.MultiplyAdd(previous, -dot, u, u);
                TensorPrimitives.Divide(u, TensorPrimitives.Norm(u), u);
                float cosine = (float)(0.921 + (0.069 * random.NextDouble()));
                TensorPrimitives.Multiply(previous, cosine, row);
                TensorPrimitives.MultiplyAdd(u, MathF.Sqrt(1 - (cosine * cosine)), row, row);
                clusterOf[i] = clusterOf[i - 1];
                planted++;
                continue;
            }

            int cluster = random.Next(centers.Length);
            clusterOf[i] = cluster;
            Normal.Samples(random, buffer, 0, 1);
            var g = Unit(buffer);
            TensorPrimitives.Multiply(centers[cluster], 0.6f, row);
            TensorPrimitives.MultiplyAdd(g, 0.8f, row, row);
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }

        var texts = new string[count];
        var attributes = new IReadOnlyDictionary<string, string>[count];
        string[] vocabulary = Enumerable.Range(0, 5000).Select(w => "w" + w.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        string[] openers = ["hello i need help with", "can you tell me about", "i would like to know", "please check my", "why is my"];
        for (int i = 0; i < count; i++)
        {
            int length = 8 + random.Next(18);
            var words = new List<string>(length + 6) { openers[random.Next(openers.Length)] };
            for (int w = 0; w < length; w++)
            {
                // Zipf-like: squaring a uniform draw favors low word ids.
                double u = random.NextDouble();
                words.Add(vocabulary[(int)(u * u * vocabulary.Length)]);
            }

            texts[i] = string.Join(' ', words);
            attributes[i] = new Dictionary<string, string>
            {
                ["intent"] = "intent" + (clusterOf[i] % 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["tone"] = "tone" + random.Next(4).ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        return new EvaluationBenchData(EmbeddingMatrix.Wrap(data, count, dimensions), texts, attributes, planted);
    }

    private static float[] Unit(double[] values)
    {
        var v = Array.ConvertAll(values, x => (float)x);
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }
}
