using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace PromptForge.Embeddings.MiniLM;

/// <summary>
/// The text normalization of Hugging Face's uncased <c>BertTokenizer</c> (<c>BertNormalizer</c> with clean_text,
/// handle_chinese_chars, strip_accents and lowercase): control characters removed, whitespace made a space, spaces
/// around CJK ideographs, lower-cased, accents stripped (the canonical decomposition without non-spacing marks).
/// </summary>
/// <remarks>
/// Hand-written because Microsoft.ML.Tokenizers' built-in BERT basic tokenization (2.0.1) silently drops symbols
/// such as <c>`</c> and <c>$</c> that Hugging Face keeps as punctuation tokens, which changes the embeddings of
/// about 3% of the SST-2 reference sentences.
/// </remarks>
internal sealed class BertUncasedNormalizer : Normalizer
{
    public static BertUncasedNormalizer Instance { get; } = new();

    public override string Normalize(string original) => Normalize(original.AsSpan());

    public override string Normalize(ReadOnlySpan<char> original)
    {
        var cleaned = new StringBuilder(original.Length + 8);
        foreach (var rune in original.EnumerateRunes())
        {
            int value = rune.Value;
            if (value == 0 || value == 0xFFFD)
            {
                continue;
            }

            if (IsWhitespace(rune))
            {
                cleaned.Append(' ');
            }
            else if (IsControl(rune))
            {
                continue;
            }
            else if (IsCjk(value))
            {
                cleaned.Append(' ').Append(rune.ToString()).Append(' ');
            }
            else
            {
                cleaned.Append(rune.ToString());
            }
        }

        // Lower-case, then strip accents: the canonical decomposition without non-spacing marks. string.Normalize
        // cannot be used: with invariant globalization (this repository's setting, common in containers) it leaves
        // non-ASCII text unchanged, so the decompositions come from an embedded table of the Unicode data.
        string lowered = cleaned.ToString().ToLowerInvariant();
        var result = new StringBuilder(lowered.Length);
        foreach (var rune in lowered.EnumerateRunes())
        {
            int value = rune.Value;
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (value is >= HangulFirst and <= HangulLast)
            {
                AppendHangulJamo(result, value);
            }
            else if (value >= 0x80 && AccentFolding.Value.TryGetValue(value, out string? folded))
            {
                result.Append(folded);
            }
            else
            {
                result.Append(rune.ToString());
            }
        }

        return result.ToString();
    }

    private const int HangulFirst = 0xAC00;
    private const int HangulLast = 0xD7A3;

    private static readonly Lazy<Dictionary<int, string>> AccentFolding = new(LoadAccentFolding);

    /// <summary>The Unicode canonical decomposition of a precomposed Hangul syllable into its leading, vowel and trailing jamo.</summary>
    private static void AppendHangulJamo(StringBuilder destination, int syllable)
    {
        int index = syllable - HangulFirst;
        destination.Append((char)(0x1100 + (index / 588)));
        destination.Append((char)(0x1161 + (index % 588 / 28)));
        if (index % 28 is int trailing and > 0)
        {
            destination.Append((char)(0x11A7 + trailing));
        }
    }

    private static Dictionary<int, string> LoadAccentFolding()
    {
        var map = new Dictionary<int, string>();
        using var stream = typeof(BertUncasedNormalizer).Assembly.GetManifestResourceStream("PromptForge.Embeddings.MiniLM.accent-folding.txt")
            ?? throw new InvalidOperationException("The accent-folding table is missing from the assembly.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split(' ');
            var replacement = new StringBuilder();
            foreach (string field in fields.AsSpan(1))
            {
                replacement.Append(char.ConvertFromUtf32(int.Parse(field, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }

            map[int.Parse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = replacement.ToString();
        }

        return map;
    }

    private static bool IsWhitespace(Rune rune) =>
        rune.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator;

    private static bool IsControl(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format;

    // The CJK Unified Ideographs blocks BERT's tokenizer splits character by character.
    private static bool IsCjk(int value) =>
        value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
