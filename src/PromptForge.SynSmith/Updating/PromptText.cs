namespace PromptForge.SynSmith;

/// <summary>Cleans a prompt a model wrote: removes one enclosing Markdown code fence and surrounding white space.</summary>
internal static class PromptText
{
    /// <summary>
    /// Removes an enclosing code fence (<c>```</c> or <c>~~~</c>, with an optional info string such as <c>text</c>)
    /// by whole lines. The reference stripped fence CHARACTERS from the start of the text, which ate leading letters
    /// of prompts beginning with "t", "e" or "x" (reference defect 7); text without a fence is returned trimmed.
    /// </summary>
    public static string StripCodeFences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var lines = trimmed.Split('\n');
        if (lines.Length < 2)
        {
            return trimmed;
        }

        var first = lines[0].TrimEnd();
        var fence = first.StartsWith("```", StringComparison.Ordinal) ? "```" : first.StartsWith("~~~", StringComparison.Ordinal) ? "~~~" : null;
        if (fence is null)
        {
            return trimmed;
        }

        // The info string is one word (a language tag); anything else on the line means this is not a fence.
        var info = first[fence.Length..].Trim();
        if (info.Contains(' ', StringComparison.Ordinal) || info.Contains(fence[0], StringComparison.Ordinal))
        {
            return trimmed;
        }

        var last = lines.Length - 1;
        if (lines[last].Trim() != fence)
        {
            return trimmed;
        }

        return string.Join('\n', lines[1..last]).Trim();
    }
}
