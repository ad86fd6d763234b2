using System.Text.Json;

namespace PromptForge;

/// <summary>
/// The manifest of a run (<c>manifest.json</c>), rewritten after every iteration. Field names follow the SynSmith
/// reference (<c>metric_history</c>, <c>prompt_history</c>, <c>final_prompt_version</c>) with status, best prompt
/// version and usage added.
/// </summary>
internal sealed class RunManifest
{
    /// <summary>Gets or sets the manifest format version.</summary>
    public int FormatVersion { get; set; } = 1;

    /// <summary>Gets or sets the run id.</summary>
    public required string RunId { get; set; }

    /// <summary>Gets or sets the run status.</summary>
    public RunStatus Status { get; set; }

    /// <summary>Gets or sets why the run stopped early.</summary>
    public string? StopReason { get; set; }

    /// <summary>Gets or sets when the run was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets when the manifest was last written.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Gets or sets the number of completed iterations.</summary>
    public int IterationsCompleted { get; set; }

    /// <summary>Gets or sets the metrics of every completed iteration.</summary>
    public List<ManifestIteration> MetricHistory { get; set; } = [];

    /// <summary>Gets or sets every prompt version.</summary>
    public List<PromptVersion> PromptHistory { get; set; } = [];

    /// <summary>Gets or sets the version in force when the manifest was written.</summary>
    public int FinalPromptVersion { get; set; }

    /// <summary>Gets or sets the best version so far.</summary>
    public int BestPromptVersion { get; set; }

    /// <summary>Gets or sets the run's model usage.</summary>
    public UsageSnapshot Usage { get; set; } = new();

    /// <summary>Gets or sets sections added by packages and tools (for example held-out evaluation results).</summary>
    public SortedDictionary<string, JsonElement> Extras { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The public, read-only view of this manifest.</summary>
    public RunSummary ToSummary() => new()
    {
        RunId = RunId,
        Status = Status,
        StopReason = StopReason,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        Iterations = [.. MetricHistory.Select(i => i.ToSummary())],
        PromptHistory = [.. PromptHistory],
        FinalPromptVersion = FinalPromptVersion,
        BestPromptVersion = BestPromptVersion,
        Usage = Usage,
        Extras = new SortedDictionary<string, JsonElement>(Extras, StringComparer.Ordinal).AsReadOnly(),
    };
}
