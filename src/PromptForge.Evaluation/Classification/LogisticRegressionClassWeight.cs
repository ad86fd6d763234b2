namespace PromptForge.Evaluation;

/// <summary>How <see cref="LogisticRegression"/> weights training examples by class (scikit-learn's <c>class_weight</c>).</summary>
public enum LogisticRegressionClassWeight
{
    /// <summary>Every example has weight 1.</summary>
    None,

    /// <summary>An example of class c has weight <c>n / (classes * n_c)</c>, so every class carries the same total weight.</summary>
    Balanced,
}
