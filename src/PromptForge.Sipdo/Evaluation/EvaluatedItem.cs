namespace PromptForge.Sipdo;

/// <summary>One held-out example as a prompt answered it: the expected answer, the answer read from the output, the verdict and the raw output.</summary>
public sealed class EvaluatedItem
{
    /// <summary>Gets the id of the held-out example (<see cref="TaskExample.Id"/>).</summary>
    public required string SampleId { get; init; }

    /// <summary>Gets the expected answer, normalized by the task's answer format.</summary>
    public required string Expected { get; init; }

    /// <summary>Gets the answer extracted from <see cref="Output"/>, normalized, or <see langword="null"/> when the output could not be parsed (it counts as wrong).</summary>
    public string? Extracted { get; init; }

    /// <summary>Gets a value indicating whether the extracted answer is one of the accepted answers.</summary>
    public required bool Correct { get; init; }

    /// <summary>Gets why the answer was wrong or unparseable, or <see langword="null"/> when it was correct.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the raw output of the task model.</summary>
    public required string Output { get; init; }

    /// <summary>Gets a value indicating whether the offline simulator wrote <see cref="Output"/> rather than a real model (figures built on it must be labeled as simulator results).</summary>
    public required bool Simulated { get; init; }
}
