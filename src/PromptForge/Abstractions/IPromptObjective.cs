namespace PromptForge;

/// <summary>
/// Scores the prompt version an iteration ran with (higher is better). The loop records the score on the version
/// and returns the best-scoring version as the run's best prompt (ties: the shorter, then the later).
/// </summary>
public interface IPromptObjective
{
    /// <summary>Scores an iteration.</summary>
    /// <param name="iteration">The completed iteration.</param>
    /// <returns>The score, or <see langword="null"/> when it cannot be scored (missing measurements).</returns>
    double? Score(IterationRecord iteration);

    /// <summary>
    /// Gets the metrics the score is computed from. An iteration in which one of them is reported but not measured is a
    /// partial measurement: the loop neither scores its prompt nor lets the acceptance gate decide on it (the gate abstains).
    /// </summary>
    /// <value>Empty by default: then only a critic that failed without measuring makes a measurement partial.</value>
    IReadOnlyCollection<string> InputMetrics => [];
}
