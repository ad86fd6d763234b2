using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace PromptForge.Evaluation;

/// <summary>
/// Multinomial logistic regression with an L2 penalty, trained with MathNet.Numerics' L-BFGS. Deterministic: the
/// start point is zero and the gradient is summed in a fixed order.
/// </summary>
public static class LogisticRegression
{
    /// <summary>Trains a classifier on embeddings and their labels.</summary>
    /// <remarks>
    /// Minimizes <c>(1/n) sum_i -ln softmax(W x_i + b)[y_i] + (lambda/2) |W|^2</c> over W (classes x d) and b. The
    /// biases are not penalized. If L-BFGS stops early (iteration limit or failed line search), the best point
    /// evaluated is kept and <see cref="LogisticRegressionModel.Converged"/> is <see langword="false"/>.
    /// </remarks>
    /// <param name="features">One embedding per training example.</param>
    /// <param name="labels">The label of each example.</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests (checked at every objective evaluation).</param>
    /// <returns>The trained model.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/> or a label is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The numbers of rows and labels differ, there are fewer than 2 distinct labels, or <paramref name="options"/> is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static LogisticRegressionModel Train(
        EmbeddingMatrix features,
        IReadOnlyList<string> labels,
        LogisticRegressionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        options = OptionsValidation.ValidateOrDefault(options, nameof(options));
        if (features.RowCount != labels.Count)
        {
            throw new ArgumentException($"There are {features.RowCount} rows but {labels.Count} labels.", nameof(labels));
        }

        if (labels.Any(l => l is null))
        {
            throw new ArgumentNullException(nameof(labels), "A label is null.");
        }

        var classes = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (classes.Count < 2)
        {
            throw new ArgumentException($"Training needs at least 2 distinct labels; got {classes.Count}.", nameof(labels));
        }

        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        int n = features.RowCount;
        int d = features.Dimensions;
        int k = classes.Count;
        var x = new double[(long)n * d];
        TensorPrimitives.ConvertChecked<float, double>(features.Data, x);
        var y = labels.Select(l => classIndex[l]).ToArray();

        var objective = new Objective(x, y, n, d, k, options.L2Penalty, cancellationToken);
        var minimizer = new LimitedMemoryBfgsMinimizer(
            gradientTolerance: options.GradientTolerance,
            parameterTolerance: 1e-12,
            functionProgressTolerance: 1e-12,
            memory: options.Memory,
            maximumIterations: options.MaxIterations);
        Vector<double> solution;
        int iterations;
        bool converged;
        try
        {
            var result = minimizer.FindMinimum(ObjectiveFunction.Gradient(objective.Evaluate), Vector<double>.Build.Dense(k * (d + 1)));
            solution = result.MinimizingPoint;
            iterations = result.Iterations;
            converged = result.ReasonForExit is ExitCondition.AbsoluteGradient or ExitCondition.RelativeGradient
                or ExitCondition.RelativePoints or ExitCondition.LackOfProgress;
        }
        catch (Exception ex) when (ex is MaximumIterationsException or InnerOptimizationException or EvaluationException
            && ex.InnerException is not OperationCanceledException)
        {
            // Keep the best point seen: a usable model, flagged as not converged.
            solution = Vector<double>.Build.DenseOfArray(objective.BestPoint ?? new double[k * (d + 1)]);
            iterations = options.MaxIterations;
            converged = false;
        }
        catch (EvaluationException ex) when (ex.InnerException is OperationCanceledException canceled)
        {
            throw canceled;
        }

        var parameters = solution.ToArray();
        double loss = objective.Evaluate(solution).Item1;
        return new LogisticRegressionModel(classes, d, parameters[..(k * d)], parameters[(k * d)..], iterations, converged, loss);
    }

    private sealed class Objective(double[] x, int[] y, int n, int d, int k, double lambda, CancellationToken cancellationToken)
    {
        private double _bestValue = double.PositiveInfinity;

        public double[]? BestPoint { get; private set; }

        public (double, Vector<double>) Evaluate(Vector<double> point)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var theta = point.AsArray() ?? point.ToArray();
            var weights = theta.AsSpan(0, k * d);
            var biases = theta.AsSpan(k * d, k);
            var gradient = new double[k * (d + 1)];
            var gradWeights = gradient.AsSpan(0, k * d);
            var gradBiases = gradient.AsSpan(k * d, k);
            var probabilities = new double[k];
            double loss = 0;
            for (int i = 0; i < n; i++)
            {
                var xi = x.AsSpan(i * d, d);
                LogisticRegressionModel.Softmax(weights, biases, xi, probabilities);
                loss -= Math.Log(Math.Max(probabilities[y[i]], 1e-300));
                for (int c = 0; c < k; c++)
                {
                    double residual = probabilities[c] - (c == y[i] ? 1.0 : 0.0);
                    var row = gradWeights.Slice(c * d, d);
                    TensorPrimitives.MultiplyAdd(xi, residual, row, row);
                    gradBiases[c] += residual;
                }
            }

            TensorPrimitives.Divide(gradient, n, gradient);
            loss /= n;
            loss += 0.5 * lambda * TensorPrimitives.Dot(weights, weights);
            TensorPrimitives.MultiplyAdd(weights, lambda, gradWeights, gradWeights);
            if (loss < _bestValue)
            {
                _bestValue = loss;
                BestPoint = (double[])theta.Clone();
            }

            return (loss, Vector<double>.Build.DenseOfArray(gradient));
        }
    }
}
