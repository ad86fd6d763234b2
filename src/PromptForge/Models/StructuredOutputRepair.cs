namespace PromptForge;

/// <summary>Tolerant extraction of a JSON value from a reply, and the repair instruction shown to the model.</summary>
internal static class StructuredOutputRepair
{
    /// <summary>Returns the JSON value in a reply: the reply itself, or the body of a Markdown code fence around it.</summary>
    public static string ExtractJson(string text)
    {
        string trimmed = (text ?? string.Empty).Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        // Drop the opening fence line (with any language tag) and the closing fence.
        int firstNewline = trimmed.IndexOf('\n', StringComparison.Ordinal);
        if (firstNewline < 0)
        {
            return string.Empty;
        }

        string body = trimmed[(firstNewline + 1)..];
        int closing = body.LastIndexOf("```", StringComparison.Ordinal);
        if (closing >= 0)
        {
            body = body[..closing];
        }

        return body.Trim();
    }

    public static string CreateInstruction(string error) =>
        "Your previous reply could not be used: " + error + "\n"
        + "Reply again with only one JSON value that satisfies the required JSON schema: no prose, no code fences.";
}
