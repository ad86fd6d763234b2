namespace PromptForge.Sipdo;

/// <summary>A real example shown to the generator as a format exemplar.</summary>
internal sealed record ExamplePayload(string Input, string Answer);

/// <summary>An earlier synthetic item in the generator history.</summary>
internal sealed record HistoryItemPayload(int? Level, string Input, string? Answer);

/// <summary>An item the verifiers check.</summary>
internal sealed record VerificationItemPayload(string Input, string ProposedAnswer, IReadOnlyList<string>? Choices);

/// <summary>A wrongly answered sample shown to the optimizer.</summary>
internal sealed record ErrorPayload(string Question, string ModelAnswer, string GroundTruth);

/// <summary>An item the prompt answered wrongly, shown to the generator; <paramref name="StillFailing"/> when no confirmed repair fixed it.</summary>
internal sealed record FailurePayload(string Question, string ModelAnswer, string GroundTruth, bool StillFailing);

/// <summary>What the current prompt got wrong lately, shown to the generator.</summary>
internal sealed record WeaknessPayload(IReadOnlyList<string> Analyses, IReadOnlyList<FailurePayload> Failures);

/// <summary>The task model's answer to an item, shown to the verifiers when an item no repair could fix is re-checked.</summary>
internal sealed record ModelAnswerPayload(string? ExtractedAnswer, string Output);
