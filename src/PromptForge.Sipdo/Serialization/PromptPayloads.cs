namespace PromptForge.Sipdo;

/// <summary>A real example shown to the generator as a format exemplar.</summary>
internal sealed record ExamplePayload(string Input, string Answer);

/// <summary>An earlier synthetic item in the generator history.</summary>
internal sealed record HistoryItemPayload(int? Level, string Input, string? Answer);

/// <summary>An item the verifiers check.</summary>
internal sealed record VerificationItemPayload(string Input, string ProposedAnswer, IReadOnlyList<string>? Choices);

/// <summary>A wrongly answered sample shown to the optimizer.</summary>
internal sealed record ErrorPayload(string Question, string ModelAnswer, string GroundTruth);

/// <summary>The task model's answer to an item, shown to the verifiers when an item no repair could fix is re-checked.</summary>
internal sealed record ModelAnswerPayload(string? ExtractedAnswer, string Output);
