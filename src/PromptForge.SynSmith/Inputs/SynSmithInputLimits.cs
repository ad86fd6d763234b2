using System.ComponentModel.DataAnnotations;

namespace PromptForge.SynSmith;

/// <summary>
/// Size limits of SynSmith's input files. A file over its limit is refused before it is read, so a hostile or
/// mistaken input (a 50 MB configuration, a prompt the size of a book) costs neither memory nor model calls.
/// Messages name the property to raise (for example <c>MaxConfigBytes</c>).
/// </summary>
public sealed class SynSmithInputLimits
{
    /// <summary>Gets the default limits.</summary>
    public static SynSmithInputLimits Default { get; } = new();

    /// <summary>Gets or sets the largest configuration file, in bytes.</summary>
    /// <value>Defaults to 1 MiB.</value>
    [Range(1, long.MaxValue)]
    public long MaxConfigBytes { get; set; } = 1L << 20;

    /// <summary>Gets or sets the largest attribute schema file, in bytes.</summary>
    /// <value>Defaults to 1 MiB.</value>
    [Range(1, long.MaxValue)]
    public long MaxSchemaBytes { get; set; } = 1L << 20;

    /// <summary>Gets or sets the largest real-examples file, in bytes.</summary>
    /// <value>Defaults to 64 MiB.</value>
    [Range(1, long.MaxValue)]
    public long MaxRealExamplesBytes { get; set; } = 64L << 20;

    /// <summary>Gets or sets the longest line (one example) of a real-examples file, in bytes.</summary>
    /// <value>Defaults to 64 KiB.</value>
    [Range(1, int.MaxValue)]
    public int MaxRealExampleLineBytes { get; set; } = 64 << 10;

    /// <summary>Gets or sets the longest initial prompt of a configuration file, in characters.</summary>
    /// <value>Defaults to 64 Ki characters.</value>
    [Range(1, int.MaxValue)]
    public int MaxPromptChars { get; set; } = 64 << 10;

    /// <summary>Gets or sets how many problems of one file are listed; the rest are counted (<c>and N more</c>).</summary>
    /// <value>Defaults to 20.</value>
    [Range(1, int.MaxValue)]
    public int MaxListedProblems { get; set; } = 20;

    internal void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ValidationException($"Invalid {nameof(SynSmithInputLimits)}: {string.Join("; ", results.Select(r => r.ErrorMessage))}");
        }
    }
}
