using System.ComponentModel.DataAnnotations;

/// <summary>What the worker optimizes (section "Worker" of appsettings.json).</summary>
internal sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>The task file, relative to the application folder.</summary>
    [Required(AllowEmptyStrings = false)]
    public string TaskFile { get; set; } = "data/causal_judgement.json";

    /// <summary>The prompt to start from.</summary>
    [Required(AllowEmptyStrings = false)]
    public string InitialPrompt { get; set; } = "Answer the question about causation with Yes or No.";

    /// <summary>A run to continue instead of starting a new one (a run cancelled on shutdown, for example).</summary>
    public string? ResumeRunId { get; set; }
}
