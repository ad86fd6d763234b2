using System.Globalization;
using System.Text.RegularExpressions;

namespace PromptForge.Sipdo;

/// <summary>
/// Numbers in digits ("1,024", "-3.5") or English number words ("nine", "twenty-one", "one hundred and five").
/// Canonical form: invariant decimal without trailing zeros. A marked answer gives its first number, unmarked text its last.
/// </summary>
internal sealed partial class NumberAnswerFormat : AnswerFormat
{
    private static readonly Dictionary<string, int> Units = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19,
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    private static readonly Dictionary<string, int> Scales = new(StringComparer.Ordinal)
    {
        ["hundred"] = 100, ["thousand"] = 1000, ["million"] = 1_000_000,
    };

    public NumberAnswerFormat()
        : base("number")
    {
    }

    public override string OutputInstruction => "Finish with the line \"The answer is N.\" where N is the number written in digits.";

    public override AnswerExtraction Extract(string output, IReadOnlyList<string>? choices = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var region = AnswerRegion.Locate(output);
        var numbers = FindNumbers(region.Text);
        if (numbers.Count == 0)
        {
            return AnswerExtraction.Unparseable(region.IsMarked
                ? "no number in the stated answer"
                : "no number (digits or number words) found in the output");
        }

        var chosen = region.IsMarked ? numbers[0] : numbers[^1];
        return AnswerExtraction.Found(Format(chosen.Value));
    }

    public override string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var numbers = FindNumbers(answer);
        return numbers.Count > 0 ? Format(numbers[0].Value) : answer.Trim();
    }

    private static string Format(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>Every number in the text, in order of position, digits and number-word phrases together.</summary>
    private static List<(int Position, decimal Value)> FindNumbers(string text)
    {
        var found = new List<(int Position, decimal Value)>();
        foreach (Match match in DigitNumber().Matches(text))
        {
            var digits = match.Value.Replace(",", string.Empty, StringComparison.Ordinal);
            if (decimal.TryParse(digits, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                found.Add((match.Index, value));
            }
        }

        foreach (Match match in WordNumber().Matches(text))
        {
            if (ParseWords(match.Value) is { } value)
            {
                found.Add((match.Index, value));
            }
        }

        found.Sort((a, b) => a.Position.CompareTo(b.Position));
        return found;
    }

    private static decimal? ParseWords(string phrase)
    {
        decimal total = 0;
        decimal current = 0;
        var any = false;
        foreach (var word in phrase.ToLowerInvariant().Split([' ', '-', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word == "and")
            {
                continue;
            }

            if (Units.TryGetValue(word, out var unit))
            {
                current += unit;
                any = true;
            }
            else if (Scales.TryGetValue(word, out var scale))
            {
                current = (current == 0 ? 1 : current) * scale;
                if (scale >= 1000)
                {
                    total += current;
                    current = 0;
                }

                any = true;
            }
        }

        return any ? total + current : null;
    }

    [GeneratedRegex(@"(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|(?<![\w.])-?\d+(?:\.\d+)?(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex DigitNumber();

    [GeneratedRegex(@"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million)(?:(?:[\s-]+(?:and[\s-]+)?)(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million))*\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WordNumber();
}
