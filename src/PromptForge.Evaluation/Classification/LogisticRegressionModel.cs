using System.Numerics.Tensors;

namespace PromptForge.Evaluation;

/// <summary>A trained multinomial logistic-regression classifier over embeddings.</summary>
public sealed class LogisticRegressionModel
{
    private readonly double[] _weights;
    private readonly double[] _biases;

    internal LogisticRegressionModel(IReadOnlyList<string> classes, int dimensions, double[] weights, double[] biases, int iterations, bool converged, double loss)
    {
        Classes = classes;
        Dimensions = dimensions;
        _weights = weights;
        _biases = biases;
        Iterations = iterations;
        Converged = converged;
        TrainingLoss = loss;
    }

    /// <summary>Gets the class labels in ordinal order; probabilities are reported in this order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Gets the number of features (embedding dimensions).</summary>
    public int Dimensions { get; }

    /// <summary>Gets the number of L-BFGS iterations run.</summary>
    public int Iterations { get; }

    /// <summary>Gets a value indicating whether L-BFGS met its tolerance (otherwise the best point found is used).</summary>
    public bool Converged { get; }

    /// <summary>Gets the final value of the training objective divided by <c>C * sum_i s_i</c>: the (class-weighted) mean cross-entropy plus <c>|W|^2 / (2 C sum_i s_i)</c>.</summary>
    public double TrainingLoss { get; }

    /// <summary>Computes the class probabilities of one embedding.</summary>
    /// <param name="features">The embedding.</param>
    /// <returns>One probability per class, in <see cref="Classes"/> order.</returns>
    /// <exception cref="ArgumentException"><paramref name="features"/> does not have <see cref="Dimensions"/> values.</exception>
    public double[] PredictProbabilities(ReadOnlySpan<float> features)
    {
        if (features.Length != Dimensions)
        {
            throw new ArgumentException($"The model expects {Dimensions} features, not {features.Length}.", nameof(features));
        }

        var x = new double[Dimensions];
        TensorPrimitives.ConvertChecked(features, x.AsSpan());
        var probabilities = new double[Classes.Count];
        Softmax(_weights, _biases, x, probabilities);
        return probabilities;
    }

    /// <summary>Computes the class probabilities of every row.</summary>
    /// <param name="features">The embeddings.</param>
    /// <returns>One probability array per row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The rows do not have <see cref="Dimensions"/> values.</exception>
    public IReadOnlyList<double[]> PredictProbabilities(EmbeddingMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var result = new double[features.RowCount][];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = PredictProbabilities(features[i]);
        }

        return result;
    }

    /// <summary>Predicts the most probable class of every row (ties go to the first class in <see cref="Classes"/>).</summary>
    /// <param name="features">The embeddings.</param>
    /// <returns>One label per row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The rows do not have <see cref="Dimensions"/> values.</exception>
    public IReadOnlyList<string> Predict(EmbeddingMatrix features) =>
        PredictProbabilities(features).Select(p => Classes[ArgMax(p)]).ToList();

    internal static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int c = 1; c < values.Length; c++)
        {
            if (values[c] > values[best])
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>Softmax of <c>W x + b</c> (W is classes x d, row-major), computed stably.</summary>
    internal static void Softmax(ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, ReadOnlySpan<double> x, Span<double> destination)
    {
        int d = x.Length;
        for (int c = 0; c < destination.Length; c++)
        {
            destination[c] = TensorPrimitives.Dot(weights.Slice(c * d, d), x) + biases[c];
        }

        TensorPrimitives.SoftMax(destination, destination);
    }
}
