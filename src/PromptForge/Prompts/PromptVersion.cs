using System.Text.Json.Serialization;

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

    // Only the loop changes a version's status and score; components see them read-only.

    /// <summary>Gets the status of this version.</summary>
    [JsonInclude]
    public PromptVersionStatus Status { get; internal set; }

    /// <summary>Gets why the version was rejected, when it was.</summary>
    [JsonInclude]
    public string? StatusReason { get; internal set; }

    /// <summary>Gets the objective score of this version (higher is better), when measured.</summary>
    [JsonInclude]
    public double? Score { get; internal set; }

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
