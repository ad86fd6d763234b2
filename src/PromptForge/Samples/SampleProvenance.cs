namespace PromptForge;

/// <summary>How a sample came to be.</summary>
public sealed class SampleProvenance
{
    /// <summary>Gets the iteration that produced the sample (0 for real examples).</summary>
    public int Iteration { get; init; }

    /// <summary>Gets the version of the optimized prompt in force when the sample was produced.</summary>
    public int PromptVersion { get; init; }

    /// <summary>Gets where the sample came from.</summary>
    public SampleOrigin Origin { get; init; }

    /// <summary>Gets the generation attempt (1 for the first try, higher for regenerations).</summary>
    /// <value>The default is 1.</value>
    public int Attempt { get; init; } = 1;

    /// <summary>Gets a free-form note (for example the generator strategy).</summary>
    public string? Note { get; init; }
}
