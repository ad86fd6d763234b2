using System.Text;

namespace PromptForge.Sipdo;

/// <summary>Shared text normalization for answer comparison.</summary>
internal static class TextNormalization
{
    /// <summary>Lower-cases, turns every run of non-alphanumeric characters into one space, and trims: "Non-Entailment." -> "non entailment".</summary>
    public static string Key(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Lower-cases, removes punctuation and collapses white space: "Rita, Sue and Bob!" -> "rita sue and bob".
    /// Text made only of punctuation (for example "] ) &gt;") keeps it, with white space collapsed, so it stays comparable.
    /// </summary>
    public static string ExactText(string text)
    {
        var hasAlphanumeric = text.Any(char.IsLetterOrDigit);
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (hasAlphanumeric && (char.IsPunctuation(c) || char.IsSymbol(c)))
            {
                continue;
            }

            if (pendingSpace && builder.Length > 0)
            {
                builder.Append(' ');
            }

            pendingSpace = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
