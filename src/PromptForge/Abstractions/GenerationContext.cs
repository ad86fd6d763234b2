using System.Diagnostics.CodeAnalysis;

namespace PromptForge;

/// <summary>What a generator receives.</summary>
public sealed class GenerationContext : LoopStepContext
{
    /// <summary>Initializes a new instance of the <see cref="GenerationContext"/> class.</summary>
    public GenerationContext()
    {
    }

    [SetsRequiredMembers]
    internal GenerationContext(IterationServices services, PromptVersion prompt, DifficultyStep? level, int sampleCount)
        : base(services, "generator")
    {
        Prompt = prompt;
        Level = level;
        SampleCount = sampleCount;
    }

    /// <summary>Gets the current version of the prompt being optimized (a task prompt for SIPDO, the generator prompt for SynSmith).</summary>
    public required PromptVersion Prompt { get; init; }

    /// <summary>Gets the difficulty step for this iteration, when a curriculum is configured.</summary>
    public DifficultyStep? Level { get; init; }

    /// <summary>Gets how many samples the loop asks for in this iteration.</summary>
    public required int SampleCount { get; init; }
}
