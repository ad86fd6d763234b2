using System.Text;

namespace PromptForge.SynSmith;

/// <summary>Counts how many texts contain a phrase (case-insensitive, white space normalized).</summary>
internal static class PhraseCounter
{
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && builder.Length > 0)
            {
                builder.Append(' ');
            }

            space = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    public static int CountTextsContaining(IEnumerable<string> normalizedTexts, string normalizedPhrase) =>
        normalizedPhrase.Length == 0 ? 0 : normalizedTexts.Count(t => t.Contains(normalizedPhrase, StringComparison.Ordinal));
}
