namespace PromptForge.Sipdo;

/// <summary>The generator's structured reply.</summary>
internal sealed class GeneratedSampleOutput
{
    public string Input { get; set; } = string.Empty;

    public string Answer { get; set; } = string.Empty;

    public List<string>? Choices { get; set; }

    public string? Rationale { get; set; }
}

/// <summary>One verifier vote.</summary>
internal sealed class VerifierVoteOutput
{
    public string? Answer { get; set; }

    public bool LabelIsCorrect { get; set; }

    public string? Reason { get; set; }
}

/// <summary>The history summarizer's reply.</summary>
internal sealed class SummaryOutput
{
    public string Summary { get; set; } = string.Empty;
}

/// <summary>The error analysis reply.</summary>
internal sealed class ErrorAnalysisOutput
{
    public string Analysis { get; set; } = string.Empty;
}

/// <summary>The improvement suggestion reply.</summary>
internal sealed class SuggestionOutput
{
    public List<string> Suggestions { get; set; } = [];
}

/// <summary>The targeted rewrite reply.</summary>
internal sealed class RewriteOutput
{
    public string Prompt { get; set; } = string.Empty;

    public string? Motivation { get; set; }
}
