using System.Diagnostics.CodeAnalysis;

namespace PromptForge;

/// <summary>What a critic receives.</summary>
public sealed class CritiqueContext : LoopStepContext
{
    /// <summary>Initializes a new instance of the <see cref="CritiqueContext"/> class.</summary>
    public CritiqueContext()
    {
    }

    [SetsRequiredMembers]
    internal CritiqueContext(IterationServices services, string criticName, PromptVersion prompt, IReadOnlyList<Sample> samples, IReadOnlyList<Critique> priorCritiques)
        : base(services, "critic:" + criticName)
    {
        Prompt = prompt;
        Samples = samples;
        PriorCritiques = priorCritiques;
    }

    /// <summary>Gets the version of the prompt being optimized that produced (or is probed by) the samples.</summary>
    public required PromptVersion Prompt { get; init; }

    /// <summary>Gets this iteration's samples (every sample kept so far is in <see cref="LoopStepContext.State"/>).</summary>
    public required IReadOnlyList<Sample> Samples { get; init; }

    /// <summary>Gets the critiques of critics in earlier stages of this iteration.</summary>
    /// <value>The default is empty (stage 0 critics).</value>
    public IReadOnlyList<Critique> PriorCritiques { get; init; } = [];
}
