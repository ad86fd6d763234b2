namespace PromptForge.Sipdo;

/// <summary>One candidate item of adversarial selection, as saved in the iteration's <c>generation.json</c>.</summary>
/// <param name="SampleId">The candidate's sample id.</param>
/// <param name="Slot">The item slot of the round it was written for.</param>
/// <param name="Attempt">The generation attempt of that slot.</param>
/// <param name="Label">Its label (normalized), when it has one.</param>
/// <param name="CurrentPromptFailed">Whether the then-current prompt answered it wrongly; <see langword="null"/> when not measured (one candidate, or it failed the checks first).</param>
/// <param name="DeltaDivergence">How much adding its label would raise KL(synthetic labels || real labels).</param>
/// <param name="Score">λ·loss − ΔKL.</param>
/// <param name="Chosen">Whether it became the level's item.</param>
/// <param name="Rejection">Why it was rejected (checks or verifiers); <see langword="null"/> when chosen or never verified.</param>
internal sealed record GenerationCandidate(
    string SampleId,
    int Slot,
    int Attempt,
    string? Label,
    bool? CurrentPromptFailed,
    double DeltaDivergence,
    double? Score,
    bool Chosen,
    string? Rejection);
