using System.ComponentModel.DataAnnotations;

namespace PromptForge;

/// <summary>Options for <see cref="FileSystemRunStore"/>.</summary>
public sealed class FileSystemRunStoreOptions
{
    /// <summary>Gets or sets the folder that holds one sub-folder per run; a relative path is resolved against the current directory.</summary>
    /// <value>The default is <c>runs</c>.</value>
    [Required(AllowEmptyStrings = false)]
    public string RootDirectory { get; set; } = "runs";

    /// <summary>Gets or sets the clock used for the time stamp part of generated run ids.</summary>
    /// <value>The default is <see langword="null"/>, meaning <see cref="TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Gets or sets the seed of the random suffix of generated run ids.</summary>
    /// <value>
    /// The default is <see langword="null"/>: suffixes come from a shared random source. Uniqueness never depends on the
    /// seed, because a run folder is claimed exclusively and a new suffix is drawn on collision.
    /// </value>
    public int? IdSeed { get; set; }

    /// <summary>Validates the options and reports every problem at once.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid.</exception>
    internal void Validate()
    {
        var results = new List<ValidationResult>();
        _ = Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        if (RootDirectory is { Length: > 0 } && RootDirectory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            results.Add(new ValidationResult($"The {nameof(RootDirectory)} '{RootDirectory}' contains characters that are not valid in a path."));
        }

        if (results.Count > 0)
        {
            throw new ArgumentException(
                $"Invalid {nameof(FileSystemRunStoreOptions)}: " + string.Join(" ", results.Select(r => r.ErrorMessage)),
                "options");
        }
    }
}
