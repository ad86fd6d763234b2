using System.Text.RegularExpressions;

namespace PromptForge.Sipdo;

/// <summary>Fills <c>{{name}}</c> placeholders in one pass, so a value that contains braces is never expanded again.</summary>
internal static partial class PromptTemplate
{
    public static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        return Placeholder().Replace(template, match =>
            values.TryGetValue(match.Groups["name"].Value, out var value) ? value : match.Value);
    }

    [GeneratedRegex(@"\{\{(?<name>[a-z_]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
