namespace PromptForge.Sipdo;

/// <summary>
/// A deterministic check of a synthetic item's label, for tasks where a program can verify it (for example decoding an SVG
/// path to check a shape name). Runs after the label and duplicate checks and before the verifier votes, so a rejected
/// item costs no verifier call; a problem rejects the item and is recorded as <c>validator_{Name}: {problem}</c>.
/// </summary>
public interface ISampleValidator
{
    /// <summary>Gets the validator name, recorded with each rejection.</summary>
    string Name { get; }

    /// <summary>Checks a synthetic item.</summary>
    /// <param name="context">The sample as it would be kept, with its choices.</param>
    /// <returns>The problem found, or <see langword="null"/> when the item is valid.</returns>
    string? Validate(SampleValidationContext context);
}
