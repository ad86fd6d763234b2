namespace PromptForge;

/// <summary>A named problem a critic found, with the evidence; complaints reach the prompt updater.</summary>
public sealed class Complaint
{
    private static readonly IReadOnlyList<string> None = [];
    // Collection properties coalesce null: JSON source generation passes null for a property missing from the document.
    private readonly IReadOnlyList<string> _sampleIds = None;
    private readonly IReadOnlyList<string> _evidence = None;

    /// <summary>Gets a short stable code, such as <c>stock_opener</c> or <c>missing_mode</c>.</summary>
    public required string Code { get; init; }

    /// <summary>Gets the complaint in words, addressed to the prompt updater.</summary>
    public required string Message { get; init; }

    /// <summary>Gets the evidence (quoted phrases, example texts, numbers).</summary>
    public IReadOnlyList<string> Evidence
    {
        get => _evidence;
        init => _evidence = value ?? None;
    }

    /// <summary>Gets the ids of the samples concerned.</summary>
    public IReadOnlyList<string> SampleIds
    {
        get => _sampleIds;
        init => _sampleIds = value ?? None;
    }
}
