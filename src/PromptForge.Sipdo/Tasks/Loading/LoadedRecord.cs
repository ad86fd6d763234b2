namespace PromptForge.Sipdo;

/// <summary>One record read from a task file, before the answer format is known.</summary>
/// <param name="Number">The 1-based record number (line number for line-based files).</param>
/// <param name="Id">The example id.</param>
/// <param name="Input">The input text.</param>
/// <param name="AcceptedAnswers">The accepted answers; the first is the target.</param>
/// <param name="Choices">The per-example choices, if any.</param>
internal sealed record LoadedRecord(int Number, string Id, string Input, IReadOnlyList<string> AcceptedAnswers, IReadOnlyList<string>? Choices);
