using System.ComponentModel.DataAnnotations;

namespace PromptForge;

/// <summary>PromptForge settings for hosted applications, bound from the <c>PromptForge</c> configuration section.</summary>
public sealed class PromptForgeOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "PromptForge";

    /// <summary>Gets or sets the loop settings applied to every loop the factory creates.</summary>
    /// <value>The defaults of <see cref="PromptLoopOptions"/>.</value>
    public PromptLoopOptions Loop { get; set; } = new();

    /// <summary>Gets or sets the folder runs are saved in when no <see cref="IRunStore"/> is registered.</summary>
    /// <value><c>runs</c> by default.</value>
    [Required(AllowEmptyStrings = false)]
    public string RunsDirectory { get; set; } = "runs";
}
