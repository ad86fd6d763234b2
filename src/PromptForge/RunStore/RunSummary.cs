using System.Text.Json;

namespace PromptForge;

/// <summary>
/// What a run folder says about a run as of its last completed iteration (its <c>manifest.json</c>, brought up to date
/// from the journal while the run is in progress or after a crash). Read it with
/// <see cref="RunStoreExtensions.ReadRunSummaryAsync"/>; a read-only view, the loop owns the file.
/// </summary>
public sealed class RunSummary
{
    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the run status (<see cref="RunStatus.Running"/> while in progress or after a crash).</summary>
    public required RunStatus Status { get; init; }

    /// <summary>Gets why the run stopped early, if it did.</summary>
    public string? StopReason { get; init; }

    /// <summary>Gets when the run was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the run's record was last brought up to date.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets the completed iterations, in order (an iteration appears only once committed).</summary>
    public required IReadOnlyList<RunIterationSummary> Iterations { get; init; }

    /// <summary>Gets every prompt version so far, with its status.</summary>
    public required IReadOnlyList<PromptVersion> PromptHistory { get; init; }

    /// <summary>Gets the prompt version in force after the last completed iteration.</summary>
    public int FinalPromptVersion { get; init; }

    /// <summary>Gets the best prompt version so far.</summary>
    public int BestPromptVersion { get; init; }

    /// <summary>Gets the run's model usage (including work a tool charged to the run, such as a held-out evaluation).</summary>
    public required UsageSnapshot Usage { get; init; }

    /// <summary>Gets sections added by packages and tools, by name (for example the CLI's held-out evaluations).</summary>
    public required IReadOnlyDictionary<string, JsonElement> Extras { get; init; }
}
