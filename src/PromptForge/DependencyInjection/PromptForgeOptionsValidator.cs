using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PromptForge;

/// <summary>Validates <see cref="PromptForgeOptions"/> as a whole and reports every problem at once.</summary>
internal sealed class PromptForgeOptionsValidator : IValidateOptions<PromptForgeOptions>
{
    public ValidateOptionsResult Validate(string? name, PromptForgeOptions options)
    {
        var problems = new List<string>();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        problems.AddRange(results.Select(r => $"{PromptForgeOptions.SectionName}:{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}"));
        if (options.Loop is null)
        {
            problems.Add($"{PromptForgeOptions.SectionName}:Loop: must not be null.");
        }
        else
        {
            problems.AddRange(options.Loop.Validate().Select(p => $"{PromptForgeOptions.SectionName}:Loop:{p}"));
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
