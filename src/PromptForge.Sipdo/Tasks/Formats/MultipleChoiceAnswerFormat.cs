using System.Text.RegularExpressions;

namespace PromptForge.Sipdo;

/// <summary>Option letters: <c>(A)</c>, <c>A)</c>, <c>A.</c> or a lone <c>A</c>; canonical form is the upper-case letter.</summary>
internal sealed partial class MultipleChoiceAnswerFormat : AnswerFormat
{
    public MultipleChoiceAnswerFormat()
        : base("multiple_choice")
    {
    }

    public override string OutputInstruction =>
        "Finish with the line \"The answer is (X).\" where X is the letter of the correct option.";

    public override AnswerExtraction Extract(string output, IReadOnlyList<string>? choices = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var region = AnswerRegion.Locate(output);
        if (region.Text.Length == 0)
        {
            return AnswerExtraction.Unparseable("the output is empty");
        }

        if (region.IsMarked)
        {
            // A marked region states the answer first: "(B) because ...", "B) ...", "B", "option B".
            var lead = LeadingLetter().Match(region.Text);
            if (lead.Success)
            {
                return AnswerExtraction.Found(lead.Groups["l"].Value.ToUpperInvariant());
            }

            var parenthesized = ParenthesizedLetter().Match(region.Text);
            if (parenthesized.Success)
            {
                return AnswerExtraction.Found(parenthesized.Groups["l"].Value.ToUpperInvariant());
            }

            // "The answer is definitely B": a stand-alone capital letter (not the pronoun "I" before a word).
            var standalone = StandaloneCapital().Match(region.Text);
            if (standalone.Success)
            {
                return AnswerExtraction.Found(standalone.Groups["l"].Value);
            }
        }
        else
        {
            var lone = LoneLetter().Match(region.Text);
            if (lone.Success)
            {
                return AnswerExtraction.Found(lone.Groups["l"].Value);
            }

            // Unmarked reasoning: the last parenthesized capital letter is the conclusion.
            var all = ParenthesizedCapital().Matches(region.Text);
            if (all.Count > 0)
            {
                return AnswerExtraction.Found(all[^1].Groups["l"].Value);
            }
        }

        if (choices is { Count: > 0 } && MatchChoiceText(region.Text, choices) is { } letter)
        {
            return AnswerExtraction.Found(letter);
        }

        return AnswerExtraction.Unparseable(region.IsMarked
            ? $"no option letter in the stated answer \"{Shorten(region.Text)}\""
            : "no option letter such as (A) found in the output");
    }

    public override string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var lone = LoneLetter().Match(answer.Trim().ToUpperInvariant());
        return lone.Success ? lone.Groups["l"].Value : answer.Trim();
    }

    /// <summary>Maps an answer written as the option text (for example "hexagon") to its letter.</summary>
    private static string? MatchChoiceText(string text, IReadOnlyList<string> choices)
    {
        var key = TextNormalization.Key(text);
        for (var i = 0; i < choices.Count && i < 26; i++)
        {
            if (string.Equals(TextNormalization.Key(choices[i]), key, StringComparison.Ordinal))
            {
                return ((char)('A' + i)).ToString();
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    // "option B", "(b)", "B.", "B because..."; not the words "I" or "A" starting a sentence ("I think...").
    [GeneratedRegex(@"^\W*(?:(?i:option|choice)\s+\(?(?<l>[A-Za-z])\b|\(?(?<l>[A-Za-z])(?:[\)\]\.:,]|$)|(?<l>[B-HJ-Z])\s|(?<l>[AI])\s+(?![a-z]))", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingLetter();

    [GeneratedRegex(@"\((?<l>[A-Za-z])\)", RegexOptions.CultureInvariant)]
    private static partial Regex ParenthesizedLetter();

    [GeneratedRegex(@"\((?<l>[A-Z])\)", RegexOptions.CultureInvariant)]
    private static partial Regex ParenthesizedCapital();

    [GeneratedRegex(@"(?<![\w'])(?<l>[A-HJ-Z]|I(?!\s+[a-z]))(?![\w'])", RegexOptions.CultureInvariant)]
    private static partial Regex StandaloneCapital();

    [GeneratedRegex(@"^[\s\(\[]*(?<l>[A-Z])[\s\)\]\.:]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LoneLetter();
}
