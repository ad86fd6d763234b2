namespace PromptForge.Sipdo;

/// <summary>
/// One label out of a set (fixed, or the example's own choices). Labels compare by <see cref="TextNormalization.Key"/>;
/// synonyms map alternative wordings to a label. In a marked answer the first label mentioned wins, in unmarked text the
/// last one; at the same position the longer label wins, so "non-entailment" is never read as "entailment".
/// </summary>
internal sealed class CategoricalAnswerFormat : AnswerFormat
{
    private readonly IReadOnlyList<string>? _labels;
    private readonly Dictionary<string, string> _fixedKeys;

    public CategoricalAnswerFormat(string name, IReadOnlyList<string>? labels, IReadOnlyDictionary<string, string>? synonyms)
        : base(name)
    {
        _labels = labels;
        _fixedKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        if (labels is not null)
        {
            foreach (var label in labels)
            {
                var key = TextNormalization.Key(label);
                if (key.Length == 0 || !_fixedKeys.TryAdd(key, key))
                {
                    throw new ArgumentException($"The label \"{label}\" is empty or duplicates another label after normalization.", nameof(labels));
                }
            }
        }

        if (synonyms is not null)
        {
            foreach (var (alias, label) in synonyms)
            {
                _fixedKeys[TextNormalization.Key(alias)] = TextNormalization.Key(label);
            }
        }
    }

    public override IReadOnlyList<string>? Labels => _labels;

    public override string OutputInstruction => _labels is null
        ? "Finish with the line \"The answer is: <choice>\" where <choice> is exactly one of the given options."
        : $"Finish with the line \"The answer is: <label>\" where <label> is one of: {string.Join(", ", _labels)}.";

    public static CategoricalAnswerFormat CreateYesNo() => new("yes_no", ["Yes", "No"], null);

    public static CategoricalAnswerFormat CreateEntailment() => new(
        "entailment",
        ["entailment", "non-entailment"],
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["entailed"] = "entailment",
            ["entails"] = "entailment",
            ["nonentailment"] = "non-entailment",
            ["not entailment"] = "non-entailment",
            ["no entailment"] = "non-entailment",
            ["not entailed"] = "non-entailment",
            ["not an entailment"] = "non-entailment",
            ["does not entail"] = "non-entailment",
        });

    public override AnswerExtraction Extract(string output, IReadOnlyList<string>? choices = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var keys = KeysFor(choices);
        if (keys.Count == 0)
        {
            return AnswerExtraction.Unparseable("the task lists no choices for this example");
        }

        var region = AnswerRegion.Locate(output);
        var text = TextNormalization.Key(region.Text);
        if (text.Length == 0)
        {
            return AnswerExtraction.Unparseable("the output is empty");
        }

        if (keys.TryGetValue(text, out var exact))
        {
            return AnswerExtraction.Found(exact);
        }

        var padded = " " + text + " ";
        (int Start, int End, string Label)? best = null;
        foreach (var (alias, label) in keys)
        {
            var needle = " " + alias + " ";
            var index = region.IsMarked
                ? padded.IndexOf(needle, StringComparison.Ordinal)
                : padded.LastIndexOf(needle, StringComparison.Ordinal);
            if (index < 0)
            {
                continue;
            }

            var candidate = (Start: index, End: index + needle.Length, Label: label);
            if (best is not { } current || IsBetter(candidate, current, region.IsMarked))
            {
                best = candidate;
            }
        }

        return best is { } found
            ? AnswerExtraction.Found(found.Label)
            : AnswerExtraction.Unparseable($"none of the labels ({string.Join(", ", keys.Values.Distinct(StringComparer.Ordinal))}) found in the output");
    }

    public override string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var key = TextNormalization.Key(answer);
        return _fixedKeys.TryGetValue(key, out var label) ? label : key;
    }

    private static bool IsBetter((int Start, int End, string Label) candidate, (int Start, int End, string Label) current, bool marked) =>
        marked
            ? candidate.Start < current.Start || (candidate.Start == current.Start && candidate.End > current.End)
            : candidate.End > current.End || (candidate.End == current.End && candidate.Start < current.Start);

    private Dictionary<string, string> KeysFor(IReadOnlyList<string>? choices)
    {
        if (choices is not { Count: > 0 })
        {
            return _fixedKeys;
        }

        var keys = new Dictionary<string, string>(_fixedKeys, StringComparer.Ordinal);
        foreach (var choice in choices)
        {
            var key = TextNormalization.Key(choice);
            if (key.Length > 0)
            {
                keys.TryAdd(key, key);
            }
        }

        return keys;
    }
}
