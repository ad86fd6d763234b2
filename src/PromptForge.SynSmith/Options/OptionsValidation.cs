using System.ComponentModel.DataAnnotations;

namespace PromptForge.SynSmith;

/// <summary>Validates an options object's DataAnnotations and reports every problem in one exception.</summary>
internal static class OptionsValidation
{
    public static T ValidOrDefault<T>(T? options, string parameterName)
        where T : class, new()
    {
        var value = options ?? new T();
        var problems = Problems(value);
        return problems.Count == 0
            ? value
            : throw new ArgumentException($"Invalid {typeof(T).Name}: {string.Join(" ", problems)}", parameterName);
    }

    public static IReadOnlyList<string> Problems(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => $"{options.GetType().Name}.{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}").ToArray();
    }
}
