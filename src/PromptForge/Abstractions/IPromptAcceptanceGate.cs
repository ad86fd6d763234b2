namespace PromptForge;

/// <summary>
/// Decides whether a candidate prompt (<see cref="PromptUpdateDecision.Candidate"/>) is kept, by comparing the
/// iteration that ran it with the iteration that ran the prompt it was rewritten from.
/// </summary>
public interface IPromptAcceptanceGate
{
    /// <summary>Compares a candidate's iteration with its baseline.</summary>
    /// <param name="candidate">The iteration that ran the candidate.</param>
    /// <param name="baseline">The iteration that ran the candidate's parent.</param>
    /// <returns>The decision.</returns>
    GateDecision Evaluate(IterationRecord candidate, IterationRecord baseline);
}
