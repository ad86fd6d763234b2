namespace PromptForge.Sipdo;

/// <summary>A synthetic item proposed by the generator, before duplicate checks, validators and verifier votes.</summary>
/// <param name="Input">The item's input.</param>
/// <param name="Answer">The item's label as the generator wrote it.</param>
/// <param name="Choices">The item's choices when the task lists them per item.</param>
/// <param name="Level">The difficulty level it was written for, or <see langword="null"/> without a difficulty gradient.</param>
internal sealed record SyntheticCandidate(string Input, string Answer, IReadOnlyList<string>? Choices, int? Level);
