namespace PromptForge;

/// <summary>One version of the prompt being optimized.</summary>
public sealed class PromptVersion
{
    /// <summary>Gets the version number: 0 for the initial prompt, then increasing in the order versions were proposed.</summary>
    public required int Version { get; init; }

    /// <summary>Gets the prompt text.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the version this one was rewritten from; <see langword="null"/> for the initial prompt.</summary>
    public int? ParentVersion { get; init; }

    /// <summary>Gets why this version was written (the updater's motivation).</summary>
    public string? Motivation { get; init; }

    /// <summary>Gets the iteration in which this version was proposed (0 for the initial prompt).</summary>
    public int Iteration { get; init; }

    /// <summary>Gets or sets the status of this version.</summary>
    public PromptVersionStatus Status { get; set; }

    /// <summary>Gets or sets why the version was rejected, when it was.</summary>
    public string? StatusReason { get; set; }

    /// <summary>Gets or sets the objective score of this version (higher is better), when measured.</summary>
    public double? Score { get; set; }

    /// <summary>Returns a copy of this version.</summary>
    /// <returns>The copy.</returns>
    public PromptVersion Clone() => new()
    {
        Version = Version,
        Text = Text,
        ParentVersion = ParentVersion,
        Motivation = Motivation,
        Iteration = Iteration,
        Status = Status,
        StatusReason = StatusReason,
        Score = Score,
    };
}
