namespace PromptForge.SynSmith;

/// <summary>A text shown to a judge under a short reference WE assign; <see cref="SampleId"/> is null for real texts.</summary>
internal sealed record JudgedText(string Ref, string Text, bool IsSynthetic, string? SampleId, string? Label);
