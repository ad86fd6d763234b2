using System.ComponentModel.DataAnnotations;

namespace PromptForge.Evaluation;

/// <summary>Options for <see cref="LogisticRegression.Train"/>.</summary>
public sealed class LogisticRegressionOptions
{
    /// <summary>Gets or sets the L2 penalty lambda on the weights (not the biases), added as <c>lambda/2 |W|^2</c> to the MEAN cross-entropy.</summary>
    /// <value>The default is 0.001 (with unit-norm embeddings, strong enough to keep separable data finite, weak enough not to flatten the fit).</value>
    [Range(0.0, 1e6)]
    public double L2Penalty { get; set; } = 1e-3;

    /// <summary>Gets or sets the maximum number of L-BFGS iterations.</summary>
    /// <value>The default is 500.</value>
    [Range(1, 100_000)]
    public int MaxIterations { get; set; } = 500;

    /// <summary>Gets or sets the gradient-norm tolerance at which L-BFGS stops.</summary>
    /// <value>The default is 1e-6.</value>
    [Range(1e-15, 1.0)]
    public double GradientTolerance { get; set; } = 1e-6;

    /// <summary>Gets or sets the number of correction pairs L-BFGS keeps.</summary>
    /// <value>The default is 10.</value>
    [Range(1, 100)]
    public int Memory { get; set; } = 10;
}
