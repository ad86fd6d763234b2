using System.ComponentModel.DataAnnotations;

namespace PromptForge.Evaluation;

/// <summary>Validates DataAnnotations on options objects and reports every problem in one exception.</summary>
internal static class OptionsValidation
{
    public static T ValidateOrDefault<T>(T? options, string paramName)
        where T : class, new()
    {
        if (options is null)
        {
            return new T();
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new ArgumentException(
                $"Invalid {typeof(T).Name}: " + string.Join(" ", results.Select(r => r.ErrorMessage)),
                paramName);
        }

        return options;
    }
}
