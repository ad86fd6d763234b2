namespace PromptForge.SynSmith;

/// <summary>One sample of the final synthetic dataset, with its attributes and provenance.</summary>
public sealed class ExportedSample
{
    /// <summary>Gets the sample id (ours, for example <c>i002-s0007</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the text.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the label.</summary>
    public required string Label { get; init; }

    /// <summary>Gets the attributes the text has: as declared where the verifier confirmed them, the verifier's reading where it failed a requested value (left out when it read no valid value).</summary>
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }

    /// <summary>Gets the iteration that produced the sample.</summary>
    public required int Iteration { get; init; }

    /// <summary>Gets the prompt version that produced the sample.</summary>
    public required int PromptVersion { get; init; }

    /// <summary>Gets each critic's per-sample verdict (<see langword="true"/> passed, <see langword="false"/> failed, <see langword="null"/> no verdict).</summary>
    public required IReadOnlyDictionary<string, bool?> Verdicts { get; init; }

    /// <summary>Gets a value indicating whether the attribute verifier passed the sample.</summary>
    public required bool Verified { get; init; }
}
