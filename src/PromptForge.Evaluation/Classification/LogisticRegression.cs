using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace PromptForge.Evaluation;

/// <summary>
/// Logistic regression as scikit-learn's <c>LogisticRegression(penalty="l2", solver="lbfgs")</c> fits it: a binary
/// logistic model for two classes, a multinomial (softmax) model for more, L2 on the weights only, trained with
/// MathNet.Numerics' L-BFGS. Deterministic: the start point is zero and sums run in a fixed order.
/// </summary>
public static class LogisticRegression
{
    /// <summary>Trains a classifier on embeddings and their labels.</summary>
    /// <remarks>
    /// Minimizes <c>C * sum_i s_i * (-ln p(y_i | x_i)) + |W|^2 / 2</c> over the weights W and the unpenalized
    /// intercepts, with <c>s_i</c> the class weight of example i (1 without <see cref="LogisticRegressionOptions.ClassWeight"/>).
    /// With two classes p is the logistic function of one score (W has one row), as in scikit-learn; with more it is
    /// the softmax of one score per class. For the optimizer the objective is divided by <c>C * sum_i s_i</c>, which
    /// leaves the minimizer unchanged. If L-BFGS stops early (iteration limit or failed line search), the best point
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
        var sampleWeights = SampleWeights(y, k, options.ClassWeight);

        // Two classes: one score row (the positive class, classes[1]) as scikit-learn's binary model; otherwise one per class.
        int rows = k == 2 ? 1 : k;
        var objective = new Objective(x, y, sampleWeights, d, k, rows, options.C, cancellationToken);
        var minimizer = new LimitedMemoryBfgsMinimizer(
            gradientTolerance: options.GradientTolerance,
            parameterTolerance: 1e-12,
            functionProgressTolerance: 1e-14,
            memory: options.Memory,
            maximumIterations: options.MaxIterations);
        Vector<double> solution;
        int iterations;
        bool converged;
        try
        {
            var result = minimizer.FindMinimum(ObjectiveFunction.Gradient(objective.Evaluate), Vector<double>.Build.Dense(rows * (d + 1)));
            solution = result.MinimizingPoint;
            iterations = result.Iterations;
            converged = result.ReasonForExit is ExitCondition.AbsoluteGradient or ExitCondition.RelativeGradient
                or ExitCondition.RelativePoints or ExitCondition.LackOfProgress;
        }
        catch (Exception ex) when (ex is MaximumIterationsException or InnerOptimizationException or EvaluationException
            && ex.InnerException is not OperationCanceledException)
        {
            // Keep the best point seen: a usable model, flagged as not converged.
            solution = Vector<double>.Build.DenseOfArray(objective.BestPoint ?? new double[rows * (d + 1)]);
            iterations = options.MaxIterations;
            converged = false;
        }
        catch (EvaluationException ex) when (ex.InnerException is OperationCanceledException canceled)
        {
            throw canceled;
        }

        var parameters = solution.ToArray();
        double loss = objective.Evaluate(solution).Item1;
        var weights = parameters[..(rows * d)];
        var biases = parameters[(rows * d)..];
        if (rows == 1)
        {
            // The model predicts through a softmax over [0, score], which is the logistic function of the score.
            weights = [.. new double[d], .. weights];
            biases = [0, .. biases];
        }

        return new LogisticRegressionModel(classes, d, weights, biases, iterations, converged, loss);
    }

    /// <summary>scikit-learn's <c>compute_class_weight</c>: 1, or <c>n / (k * n_c)</c> when balanced.</summary>
    private static double[] SampleWeights(int[] y, int k, LogisticRegressionClassWeight classWeight)
    {
        var weights = new double[y.Length];
        if (classWeight == LogisticRegressionClassWeight.Balanced)
        {
            var counts = new int[k];
            foreach (int label in y)
            {
                counts[label]++;
            }

            for (int i = 0; i < y.Length; i++)
            {
                weights[i] = (double)y.Length / (k * counts[y[i]]);
            }
        }
        else
        {
            Array.Fill(weights, 1.0);
        }

        return weights;
    }

    private sealed class Objective(double[] x, int[] y, double[] sampleWeights, int d, int k, int rows, double c, CancellationToken cancellationToken)
    {
        private readonly double _weightSum = sampleWeights.Sum();
        private double _bestValue = double.PositiveInfinity;

        public double[]? BestPoint { get; private set; }

        /// <summary>The objective divided by C * sum(s_i): weighted mean log-loss + |W|^2 / (2 C sum(s_i)).</summary>
        public (double, Vector<double>) Evaluate(Vector<double> point)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var theta = point.AsArray() ?? point.ToArray();
            var weights = theta.AsSpan(0, rows * d);
            var biases = theta.AsSpan(rows * d, rows);
            var gradient = new double[rows * (d + 1)];
            var gradWeights = gradient.AsSpan(0, rows * d);
            var gradBiases = gradient.AsSpan(rows * d, rows);

            // Scores of every class; with one row, class 0 has the fixed score 0.
            var scores = new double[k];
            int offset = k - rows;
            double loss = 0;
            for (int i = 0; i < sampleWeights.Length; i++)
            {
                var xi = x.AsSpan(i * d, d);
                for (int r = 0; r < rows; r++)
                {
                    scores[offset + r] = TensorPrimitives.Dot(weights.Slice(r * d, d), xi) + biases[r];
                }

                double max = TensorPrimitives.Max(scores);
                double sum = 0;
                for (int j = 0; j < k; j++)
                {
                    sum += Math.Exp(scores[j] - max);
                }

                double logSumExp = max + Math.Log(sum);
                loss += sampleWeights[i] * (logSumExp - scores[y[i]]);
                for (int r = 0; r < rows; r++)
                {
                    int cls = offset + r;
                    double residual = sampleWeights[i] * (Math.Exp(scores[cls] - logSumExp) - (cls == y[i] ? 1.0 : 0.0));
                    var row = gradWeights.Slice(r * d, d);
                    TensorPrimitives.MultiplyAdd(xi, residual, row, row);
                    gradBiases[r] += residual;
                }
            }

            double penalty = 1.0 / (c * _weightSum);
            TensorPrimitives.Divide(gradient, _weightSum, gradient);
            loss /= _weightSum;
            loss += 0.5 * penalty * TensorPrimitives.Dot(weights, weights);
            TensorPrimitives.MultiplyAdd(weights, penalty, gradWeights, gradWeights);
            if (loss < _bestValue)
            {
                _bestValue = loss;
                BestPoint = (double[])theta.Clone();
            }

            return (loss, Vector<double>.Build.DenseOfArray(gradient));
        }
    }
}
