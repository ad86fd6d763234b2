using System.ComponentModel.DataAnnotations;

namespace PromptForge.Evaluation;

/// <summary>Options for <see cref="LogisticRegression.Train"/>, parameterized as scikit-learn's <c>LogisticRegression</c>.</summary>
public sealed class LogisticRegressionOptions
{
    /// <summary>Gets or sets the inverse regularization strength: the classifier minimizes <c>C * sum_i w_i * logloss_i + |W|^2 / 2</c>.</summary>
    /// <value>The default is 1.0, scikit-learn's default. Smaller values regularize more.</value>
    [Range(1e-12, 1e12)]
    public double C { get; set; } = 1.0;

    /// <summary>Gets or sets how training examples are weighted by class.</summary>
    /// <value>The default is <see cref="LogisticRegressionClassWeight.None"/>, scikit-learn's <c>class_weight=None</c>.</value>
    public LogisticRegressionClassWeight ClassWeight { get; set; } = LogisticRegressionClassWeight.None;

    /// <summary>Gets or sets the maximum number of L-BFGS iterations.</summary>
    /// <value>
    /// The default is 1,000. scikit-learn stops at 100 with a gradient tolerance of 1e-4; this solver runs to a tighter
    /// tolerance so the result is the optimum, not wherever an iteration budget ran out.
    /// </value>
    [Range(1, 100_000)]
    public int MaxIterations { get; set; } = 1_000;

    /// <summary>Gets or sets the gradient-norm tolerance at which L-BFGS stops, on the objective divided by <c>C * sum_i w_i</c> (a weighted mean loss, as scikit-learn scales it).</summary>
    /// <value>The default is 1e-7.</value>
    [Range(1e-15, 1.0)]
    public double GradientTolerance { get; set; } = 1e-7;

    /// <summary>Gets or sets the number of correction pairs L-BFGS keeps.</summary>
    /// <value>The default is 10.</value>
    [Range(1, 100)]
    public int Memory { get; set; } = 10;
}
