using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PromptForge;

/// <summary>Validates a middleware options object with its DataAnnotations and reports every problem at once.</summary>
internal static class ChatClientOptionsValidator
{
    /// <summary>Throws an <see cref="OptionsValidationException"/> listing every invalid property of <paramref name="options"/>.</summary>
    /// <param name="options">The options to validate.</param>
    /// <param name="additionalFailures">Cross-property problems found by the caller.</param>
    public static void ThrowIfInvalid<TOptions>(TOptions options, params IEnumerable<string> additionalFailures)
        where TOptions : class
    {
        var results = new List<ValidationResult>();
        _ = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var failures = results
            .Select(r => $"{typeof(TOptions).Name}.{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}")
            .Concat(additionalFailures.Select(f => $"{typeof(TOptions).Name}: {f}"))
            .ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(typeof(TOptions).Name, typeof(TOptions), failures);
        }
    }
}
