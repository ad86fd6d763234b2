using System.Text.Json.Serialization;

namespace PromptForge.SynSmith;

// Shapes of the JSON data SynSmith sends as the user message of each role (the system message is the role's
// template). Components build requests by serializing these types and the simulated roles read them back with the
// same types, so a renamed field changes both sides at once. Properties serialize in declaration order.

/// <summary>A real text of a class, shown as a style anchor.</summary>
internal sealed record LabeledTextPayload(string Label, string Text);

/// <summary>One target the generator writes: a short reference and the attribute values the sample must have.</summary>
internal sealed record GeneratorTargetPayload(string Ref, Dictionary<string, string> Attributes);

/// <summary>The generator's request data: the task and schema, style anchors, phrases to avoid and the targets.</summary>
internal sealed record GeneratorRequest(
    string Domain,
    string Task,
    string LabelAttribute,
    Dictionary<string, List<string>> Attributes,
    List<LabeledTextPayload> StyleExamples,
    List<string> AvoidPhrases,
    List<GeneratorTargetPayload> Targets);

/// <summary>One sample the attribute verifier judges.</summary>
internal sealed record VerifiedSamplePayload(string Ref, string Text, Dictionary<string, string> RequestedAttributes);

/// <summary>The attribute verifier's request data.</summary>
internal sealed record AttributeVerifierRequest(
    string LabelAttribute,
    Dictionary<string, List<string>> Attributes,
    Dictionary<string, List<string>> SameClassAnchors,
    Dictionary<string, List<string>> SiblingClassAnchors,
    List<VerifiedSamplePayload> Samples);

/// <summary>One text of a realism batch.</summary>
internal sealed record JudgedTextPayload(string Ref, string Text);

/// <summary>The realism discriminator's request data.</summary>
internal sealed record RealismDiscriminatorRequest(List<JudgedTextPayload> Texts);

/// <summary>The computed coverage of one attribute.</summary>
internal sealed record AttributeCoveragePayload(string Coverage, List<string> MissingValues);

/// <summary>A synthetic text with its attributes, for the diversity audit.</summary>
internal sealed record AuditedSamplePayload(string Text, Dictionary<string, string> Attributes);

/// <summary>The diversity auditor's request data.</summary>
internal sealed record DiversityAuditorRequest(
    Dictionary<string, List<string>> Attributes,
    Dictionary<string, AttributeCoveragePayload> Coverage,
    List<AuditedSamplePayload> Samples);

/// <summary>One pack comparison: pack A and pack B, one real and one synthetic.</summary>
internal sealed record PackComparisonPayload(
    string Ref,
    [property: JsonPropertyName("A")] List<string> A,
    [property: JsonPropertyName("B")] List<string> B);

/// <summary>The pack discriminator's request data.</summary>
internal sealed record PackDiscriminatorRequest(List<PackComparisonPayload> Comparisons);

/// <summary>The mode hunter's request data.</summary>
internal sealed record ModeHunterRequest(List<string> SyntheticTexts, List<LabeledTextPayload> RealTexts);

/// <summary>A complaint of a critic, as the updater sees it.</summary>
internal sealed record ComplaintPayload(string Code, string Message, List<string> Evidence);

/// <summary>A sample a critic failed, as the updater sees it.</summary>
internal sealed record FailedSamplePayload(
    string Text,
    Dictionary<string, string> RequestedAttributes,
    List<string> FailedAttributes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reason);

/// <summary>The feedback of one critic on the last batch.</summary>
internal sealed record CriticFeedbackPayload(
    string Critic,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Error,
    Dictionary<string, string> Metrics,
    List<ComplaintPayload> Complaints,
    List<FailedSamplePayload> FailedSamples);

/// <summary>One earlier rewrite and the metric changes it caused.</summary>
internal sealed record PromptHistoryPayload(
    int Iteration,
    int PromptVersion,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Motivation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Gate,
    Dictionary<string, string> MetricChanges);

/// <summary>The last rewrite the acceptance gate rolled back, with its regression.</summary>
internal sealed record RejectedRewritePayload(string Prompt, string Reason, Dictionary<string, string> MetricChanges);

/// <summary>The prompt updater's request data.</summary>
internal sealed record PromptUpdaterRequest(
    string CurrentPrompt,
    List<CriticFeedbackPayload> Critics,
    List<string> BannedPhrases,
    List<PromptHistoryPayload> History,
    RejectedRewritePayload? LastRejectedRewrite);
