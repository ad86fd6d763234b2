namespace PromptForge.SynSmith;

// Shapes of the structured replies SynSmith asks models for. Ids in replies are the short references WE put in the
// request (never model-invented join keys: reference defect 9); unknown or duplicate references are ignored.

/// <summary>One generated sample: the text and the attribute values the text has.</summary>
internal sealed class GeneratedSampleReply
{
    public string? Ref { get; set; }

    public string? Text { get; set; }

    public Dictionary<string, string>? Attributes { get; set; }
}

/// <summary>The generator's reply: one sample per target reference.</summary>
internal sealed class GeneratorReply
{
    public List<GeneratedSampleReply>? Samples { get; set; }
}

/// <summary>A verbalized-sampling candidate with the model's stated probability.</summary>
internal sealed class VerbalizedCandidateReply
{
    public string? Text { get; set; }

    public Dictionary<string, string>? Attributes { get; set; }

    public double? Probability { get; set; }
}

/// <summary>Verbalized sampling reply for one target: several candidates.</summary>
internal sealed class VerbalizedTargetReply
{
    public string? Ref { get; set; }

    public List<VerbalizedCandidateReply>? Candidates { get; set; }
}

/// <summary>The generator's verbalized-sampling reply.</summary>
internal sealed class VerbalizedReply
{
    public List<VerbalizedTargetReply>? Targets { get; set; }
}

/// <summary>The verifier's verdict on one sample.</summary>
internal sealed class AttributeVerdictReply
{
    public string? Ref { get; set; }

    public string? ReadLabel { get; set; }

    public Dictionary<string, string>? ReadAttributes { get; set; }

    public List<string>? FailedAttributes { get; set; }

    public string? Reason { get; set; }
}

/// <summary>The verifier's reply for one batch.</summary>
internal sealed class AttributeVerifierReply
{
    public List<AttributeVerdictReply>? Verdicts { get; set; }
}

/// <summary>The realism judge's verdict on one text.</summary>
internal sealed class RealismVerdictReply
{
    public string? Ref { get; set; }

    public string? Prediction { get; set; }

    public double? Confidence { get; set; }

    public string? Reason { get; set; }
}

/// <summary>The realism judge's reply for one mixed batch.</summary>
internal sealed class RealismDiscriminatorReply
{
    public List<RealismVerdictReply>? Verdicts { get; set; }
}

/// <summary>The diversity auditor's qualitative summary (its numbers are computed, never taken from here).</summary>
internal sealed class DiversityAuditReply
{
    public string? Summary { get; set; }

    public List<string>? MissingModes { get; set; }

    public List<string>? OverrepresentedModes { get; set; }

    public List<string>? Recommendations { get; set; }

    /// <summary>The model's own near-duplicate guess: recorded for inspection, never used as the metric (reference defect 4).</summary>
    public double? NearDuplicateRate { get; set; }
}

/// <summary>The pack judge's answer for one comparison.</summary>
internal sealed class PackComparisonReply
{
    public string? Ref { get; set; }

    public string? SyntheticPack { get; set; }

    public List<string>? SharedPatterns { get; set; }
}

/// <summary>The pack judge's reply for several comparisons.</summary>
internal sealed class PackDiscriminatorReply
{
    public List<PackComparisonReply>? Comparisons { get; set; }
}

/// <summary>A phrase the mode hunter proposes as an LLM tic.</summary>
internal sealed class ModeHunterFindingReply
{
    public string? Phrase { get; set; }

    public string? Kind { get; set; }

    public string? Reason { get; set; }
}

/// <summary>The mode hunter's reply.</summary>
internal sealed class ModeHunterReply
{
    public List<ModeHunterFindingReply>? Findings { get; set; }
}

/// <summary>The prompt updater's reply.</summary>
internal sealed class PromptRewriteReply
{
    public string? Prompt { get; set; }

    public string? Motivation { get; set; }
}
