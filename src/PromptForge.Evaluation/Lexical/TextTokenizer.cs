namespace PromptForge.Evaluation;

/// <summary>
/// The tokenizer of the lexical metrics: lower-cased runs of letters and digits (punctuation and white space separate
/// tokens and are dropped), mapped to integer ids shared across one computation.
/// </summary>
internal sealed class TextTokenizer
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public int[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<int>();
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            string token = text[start..i].ToLowerInvariant();
            if (!_ids.TryGetValue(token, out int id))
            {
                id = _ids.Count;
                _ids[token] = id;
            }

            tokens.Add(id);
        }

        return [.. tokens];
    }
}

/// <summary>An n-gram of up to four token ids (unused positions are -1); exact, so no hash collisions.</summary>
internal readonly record struct NGram(int A, int B, int C, int D)
{
    public static NGram At(int[] tokens, int start, int n) => n switch
    {
        1 => new NGram(tokens[start], -1, -1, -1),
        2 => new NGram(tokens[start], tokens[start + 1], -1, -1),
        3 => new NGram(tokens[start], tokens[start + 1], tokens[start + 2], -1),
        4 => new NGram(tokens[start], tokens[start + 1], tokens[start + 2], tokens[start + 3]),
        _ => throw new ArgumentOutOfRangeException(nameof(n), n, "n-grams of 1 to 4 tokens are supported."),
    };

    public static Dictionary<NGram, int> Count(int[] tokens, int n)
    {
        var counts = new Dictionary<NGram, int>();
        for (int s = 0; s + n <= tokens.Length; s++)
        {
            var gram = At(tokens, s, n);
            counts[gram] = counts.TryGetValue(gram, out int c) ? c + 1 : 1;
        }

        return counts;
    }
}
