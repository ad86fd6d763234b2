using System.Text.RegularExpressions;

namespace PromptForge.Sipdo;

/// <summary>The part of a model output that holds the final answer, and whether it was explicitly marked.</summary>
/// <param name="Text">The text to read the answer from.</param>
/// <param name="IsMarked">Whether the text came from <c>&lt;answer&gt;</c> tags or an "answer is" phrase (read the first mention) rather than the whole output (read the last mention).</param>
internal readonly partial record struct AnswerRegion(string Text, bool IsMarked)
{
    public static AnswerRegion Locate(string output)
    {
        ArgumentNullException.ThrowIfNull(output);

        var tagged = AnswerTag().Matches(output);
        if (tagged.Count > 0)
        {
            return new AnswerRegion(Clean(tagged[^1].Groups["a"].Value), true);
        }

        var phrased = AnswerPhrase().Matches(output);
        if (phrased.Count > 0)
        {
            var text = Clean(phrased[^1].Groups["a"].Value);
            if (text.Length > 0)
            {
                return new AnswerRegion(text, true);
            }
        }

        return new AnswerRegion(output.Trim(), false);
    }

    /// <summary>Strips markdown emphasis, surrounding quotes and a trailing sentence period.</summary>
    private static string Clean(string text)
    {
        var cleaned = text.Replace("**", string.Empty, StringComparison.Ordinal).Trim().Trim('"', '\'', '`', '*').Trim();
        return cleaned.EndsWith('.') ? cleaned[..^1].TrimEnd() : cleaned;
    }

    [GeneratedRegex(@"<answer>(?<a>.*?)</answer>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex AnswerTag();

    [GeneratedRegex(@"(?:\banswer\s+is|\banswer\s*:|^\s*answer\s*-)\s*:?\s*(?<a>[^\r\n]*)", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex AnswerPhrase();
}
