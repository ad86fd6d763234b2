namespace PromptForge.Sipdo;

/// <summary>
/// A deterministic check of a synthetic item's label, for tasks where a program can verify it (for example decoding an SVG
/// path to check a shape name). Runs before the verifier votes; a problem rejects the item.
/// </summary>
public interface ISampleValidator
{
    /// <summary>Gets the validator name, recorded with each rejection.</summary>
    string Name { get; }

    /// <summary>Checks a synthetic item.</summary>
    /// <param name="candidate">The item.</param>
    /// <returns>The problem found, or <see langword="null"/> when the item is valid.</returns>
    string? Validate(SyntheticCandidate candidate);
}
