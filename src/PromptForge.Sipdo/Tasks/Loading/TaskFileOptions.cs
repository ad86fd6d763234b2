using System.ComponentModel.DataAnnotations;

namespace PromptForge.Sipdo;

/// <summary>Options for loading a task file with <see cref="TaskFiles"/>.</summary>
public sealed class TaskFileOptions
{
    /// <summary>Gets or sets the file format.</summary>
    /// <value>Defaults to <see cref="TaskFileFormat.Auto"/>.</value>
    public TaskFileFormat Format { get; set; } = TaskFileFormat.Auto;

    /// <summary>Gets or sets the task name; when <see langword="null"/> it comes from the file (its <c>name</c> field or file name).</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the task description; when <see langword="null"/> it comes from the file or the name.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? Description { get; set; }

    /// <summary>Gets or sets the answer format; when <see langword="null"/> it is inferred from the targets.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public AnswerFormat? AnswerFormat { get; set; }

    /// <summary>Gets or sets the largest task file <see cref="TaskFiles.LoadAsync"/> reads, in bytes; a larger file is refused before it is read.</summary>
    /// <value>Defaults to 32 MiB (the largest benchmark task in common use is a few MB).</value>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 32L << 20;

    /// <summary>Gets or sets the input field of a JSON-lines record.</summary>
    /// <value>Defaults to <c>input</c>.</value>
    [Required]
    public string InputField { get; set; } = "input";

    /// <summary>Gets or sets the target field of a JSON-lines record (a string, a number, or a list of accepted answers).</summary>
    /// <value>Defaults to <c>target</c>.</value>
    [Required]
    public string TargetField { get; set; } = "target";

    /// <summary>Gets or sets the optional choices field (a list of strings) of a JSON-lines record.</summary>
    /// <value>Defaults to <see langword="null"/> (no choices).</value>
    public string? ChoicesField { get; set; }

    /// <summary>Gets or sets a value indicating whether the choices of a JSON-lines record are appended to its input (the task model reads only the input).</summary>
    /// <value>Defaults to <see langword="true"/>; set <see langword="false"/> when the input already lists them.</value>
    public bool AppendChoicesToInput { get; set; } = true;
}
