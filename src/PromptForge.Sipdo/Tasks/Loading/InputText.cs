using System.Text;

namespace PromptForge.Sipdo;

/// <summary>Builds the text the task model reads: an optional task prefix, the input, and the choices when they are not part of it.</summary>
internal static class InputText
{
    public static string Compose(string? prefix, string input, IReadOnlyList<string>? choices)
    {
        var builder = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(prefix))
        {
            builder.Append(prefix.TrimEnd()).Append("\n\n");
        }

        builder.Append(input.TrimEnd());
        if (choices is { Count: > 0 })
        {
            builder.Append("\nOptions:");
            foreach (var choice in choices)
            {
                builder.Append("\n- ").Append(choice);
            }
        }

        return builder.ToString();
    }
}
