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

        var problems = new List<string>();
        Collect(options, typeof(T).Name, problems);
        ThrowIfAny(problems, paramName);
        return options;
    }

    /// <summary>Adds the problems of <paramref name="options"/>, each prefixed with <paramref name="path"/>.</summary>
    public static void Collect(object options, string path, List<string> problems)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            problems.AddRange(results.Select(r => $"{path}: {r.ErrorMessage}"));
        }
    }

    public static void ThrowIfAny(List<string> problems, string paramName)
    {
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid options: " + string.Join(" ", problems), paramName);
        }
    }
}
