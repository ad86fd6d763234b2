namespace PromptForge;

/// <summary>A critic's judgement of one sample.</summary>
public sealed class SampleVerdict
{
    private static readonly IReadOnlyList<string> None = [];
    // Collection properties coalesce null: JSON source generation passes null for a property missing from the document.
    private readonly IReadOnlyList<string> _failedAttributes = None;

    /// <summary>Gets the id of the sample judged.</summary>
    public required string SampleId { get; init; }

    /// <summary>Gets whether the sample passed; <see langword="null"/> when the critic gave no verdict for it (counted as missing).</summary>
    public bool? Passed { get; init; }

    /// <summary>Gets the critic's reason.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the attributes that failed verification.</summary>
    public IReadOnlyList<string> FailedAttributes
    {
        get => _failedAttributes;
        init => _failedAttributes = value ?? None;
    }

    /// <summary>Gets an optional numeric score.</summary>
    public double? Score { get; init; }

    /// <summary>Gets the answer a task model gave, when the critic ran one (kept for error analysis).</summary>
    public string? Answer { get; init; }
}
