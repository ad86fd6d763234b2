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

    /// <summary>
    /// Fills the template of a role request: every data placeholder (<see cref="SipdoPromptData.Names"/>) becomes a
    /// delimited block <c>&lt;name&gt;JSON&lt;/name&gt;</c>; other placeholders (nested instructions, limits) are filled as is.
    /// </summary>
    public static string RenderRequest(string template, IReadOnlyDictionary<string, string> values)
    {
        return Placeholder().Replace(template, match =>
        {
            var name = match.Groups["name"].Value;
            return !values.TryGetValue(name, out var value) ? match.Value
                : SipdoPromptData.Names.Contains(name) ? SipdoPromptData.Block(name, value)
                : value;
        });
    }

    [GeneratedRegex(@"\{\{(?<name>[a-z_]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
