namespace PromptForge;

/// <summary>What a critic receives.</summary>
public sealed class CritiqueContext : LoopStepContext
{
    /// <summary>Gets the version of the prompt being optimized that produced (or is probed by) the samples.</summary>
    public required PromptVersion Prompt { get; init; }

    /// <summary>Gets this iteration's samples (every sample kept so far is in <see cref="LoopStepContext.State"/>).</summary>
    public required IReadOnlyList<Sample> Samples { get; init; }

    /// <summary>Gets the critiques of critics in earlier stages of this iteration.</summary>
    /// <value>The default is empty (stage 0 critics).</value>
    public IReadOnlyList<Critique> PriorCritiques { get; init; } = [];
}
