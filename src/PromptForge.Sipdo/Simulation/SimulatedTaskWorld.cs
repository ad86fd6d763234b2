using System.Globalization;
using System.Text.RegularExpressions;

namespace PromptForge.Sipdo;

/// <summary>
/// The hidden world behind the simulated SIPDO roles for one task, derived from the task's own examples (see
/// docs/simulator.md). Skills are features of the question text (phrases the training examples share, long questions);
/// an item's deciding skill is the hardest it shows. The simulated task model knows every real example's answer and
/// answers an item correctly with a probability that falls with the skill's hardness and rises when the prompt states the
/// skill's rule (more when it also stresses it); a stated rule can overreach and hurt the items of one other skill whose
/// rule is absent. A synthetic item is a real training example (its "base", which fixes the true answer) with a lead
/// that exhibits a chosen skill, so the truth of any item the simulator wrote is known to every simulated role.
/// </summary>
internal sealed partial class SimulatedTaskWorld
{
    /// <summary>The most skills derived from phrases; the length skill comes on top.</summary>
    private const int MaxPhraseSkills = 4;
    private const double InterferencePenalty = 0.5;
    private const double CarefulBonus = 0.04;
    private const double PlainHardness = 0.2;
    private const int MaxSuffixKeyLength = 64;

    /// <summary>The share of answers a model told nothing about the answer format ends without a final answer line.</summary>
    public const double UnstatedFormatProseChance = 0.2;

    /// <summary>The marker of the generic reminder a vague suggestion adds.</summary>
    public const string CarefulMarker = "read the whole question carefully";

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "that", "this", "with", "from", "have", "were", "what", "which", "when", "where", "there", "their", "they",
        "them", "then", "than", "would", "could", "should", "about", "into", "your", "will", "been", "being", "does", "each",
        "other", "some", "only", "also", "these", "those", "such", "more", "most", "very", "just", "over", "after", "before",
        "following", "question", "answer", "options", "option", "true", "false", "yes", "not", "are", "was", "for", "but", "who",
        "how", "his", "her", "its", "all", "any", "can", "did", "has", "had", "one", "two", "you", "our", "out", "may",
    };

    private readonly Dictionary<string, TaskExample> _real = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TaskExample>> _trainingBySuffix = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _spelling = new(StringComparer.Ordinal);
    private readonly string[] _openAnswers;
    private readonly int _suffixKeyLength;

    public SimulatedTaskWorld(TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        Task = task;
        Format = task.AnswerFormat;
        LabelSpace = task.LabelSpace?.Select(Format.Normalize).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var example in task.Examples.Concat(task.HeldOut))
        {
            _real.TryAdd(example.Input.Trim(), example);
            _spelling.TryAdd(Format.Normalize(example.Target), example.Target.Trim());
        }

        foreach (var label in task.LabelSpace ?? [])
        {
            _spelling.TryAdd(Format.Normalize(label), label);
        }

        // Every training input is at least this long: a synthetic item and its base share their last characters.
        _suffixKeyLength = Math.Min(MaxSuffixKeyLength, task.Examples.Min(e => e.Input.Trim().Length));
        foreach (var example in task.Examples)
        {
            var key = SuffixKey(example.Input.Trim());
            if (!_trainingBySuffix.TryGetValue(key, out var list))
            {
                _trainingBySuffix[key] = list = [];
            }

            list.Add(example);
        }

        _openAnswers = task.Examples.Select(e => e.Target.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(32).ToArray();
        Skills = DeriveSkills(task);
        Training = task.Examples.Select(e => (Example: e, Question: new SimulatedQuestion(e.Input))).ToArray();
    }

    /// <summary>Gets the task the world was derived from.</summary>
    public TaskDefinition Task { get; }

    /// <summary>Gets the task's answer format.</summary>
    public AnswerFormat Format { get; }

    /// <summary>Gets the normalized label space, or <see langword="null"/> when answers are open.</summary>
    public IReadOnlyList<string>? LabelSpace { get; }

    /// <summary>Gets the skills, easiest first; the first is the plain skill every question shows.</summary>
    public IReadOnlyList<SimulatedTaskSkill> Skills { get; }

    /// <summary>Gets the training examples with their parsed questions (the bases synthetic items are written from).</summary>
    public IReadOnlyList<(TaskExample Example, SimulatedQuestion Question)> Training { get; }

    /// <summary>The hardest skill a question shows (the plain skill when it shows no other).</summary>
    public SimulatedTaskSkill DecidingSkill(SimulatedQuestion question) => Skills.Last(s => s.IsExhibitedBy(question));

    /// <summary>The hardest skill a question shows (the plain skill when it shows no other).</summary>
    public SimulatedTaskSkill DecidingSkill(string question) => DecidingSkill(new SimulatedQuestion(question));

    /// <summary>
    /// The real example a text is or was written from: the example itself for a real question, the base of a synthetic
    /// item the simulated generator wrote (its text ends with the base's input), or <see langword="null"/> when unknown.
    /// </summary>
    public TaskExample? Resolve(string text)
    {
        var trimmed = text.Trim();
        if (_real.TryGetValue(trimmed, out var real))
        {
            return real;
        }

        return _trainingBySuffix.TryGetValue(SuffixKey(trimmed), out var list)
            ? list.FirstOrDefault(e => trimmed.EndsWith(e.Input.Trim(), StringComparison.Ordinal))
            : null;
    }

    /// <summary>Spells a normalized label as the task's examples do ("(A)", "Yes").</summary>
    public string Spell(string normalized) => _spelling.GetValueOrDefault(normalized, normalized);

    /// <summary>The normalized answer of a stated label or answer text.</summary>
    public string NormalizeAnswer(string answer, IReadOnlyList<string>? choices) =>
        Format.Extract(answer, choices) is { IsSuccess: true, Answer: { } extracted } ? extracted : Format.Normalize(answer);

    /// <summary>
    /// The probability that the simulated task model answers an item of <paramref name="skill"/> correctly under
    /// <paramref name="prompt"/>: chance plus the skill's competence, which the stated rule (and its emphasis) raises and
    /// an overreaching rule of another skill lowers.
    /// </summary>
    public double CorrectProbability(SimulatedTaskSkill skill, string prompt, double chance, Func<SimulatedTaskSkill, bool> interferes)
    {
        var baseline = 0.9 - (0.8 * skill.Hardness);
        var coverage = skill.Coverage(prompt);
        var competence = coverage switch
        {
            0 => baseline,
            1 => baseline + ((0.93 - baseline) * 0.7),
            _ => baseline + ((0.98 - baseline) * 0.95),
        };
        if (coverage == 0 && Skills.Any(other => other != skill && other.Coverage(prompt) > 0 && interferes(other) && InterferenceTarget(other) == skill))
        {
            competence -= InterferencePenalty;
        }

        if (prompt.Contains(CarefulMarker, StringComparison.OrdinalIgnoreCase))
        {
            competence += CarefulBonus;
        }

        competence = Math.Clamp(competence, 0, 0.99);
        return chance + ((1 - chance) * competence);
    }

    /// <summary>The skill whose items a stated rule of <paramref name="skill"/> may hurt (the next harder one; the hardest's is the plain skill).</summary>
    public SimulatedTaskSkill? InterferenceTarget(SimulatedTaskSkill skill)
    {
        if (Skills.Count < 2)
        {
            return null;
        }

        var index = -1;
        for (var i = 0; i < Skills.Count; i++)
        {
            if (Skills[i] == skill)
            {
                index = i;
            }
        }

        return Skills[(index + 1) % Skills.Count];
    }

    /// <summary>Whether the prompt says how to state the final answer (a model told nothing sometimes answers in prose).</summary>
    public static bool StatesAnswerFormat(string prompt) =>
        prompt.Contains("answer is", StringComparison.OrdinalIgnoreCase)
        || prompt.Contains("<answer>", StringComparison.OrdinalIgnoreCase)
        || prompt.Contains("answer:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The share a random guess gets right on an item.</summary>
    public double Chance(TaskExample? truth, string question) => 1.0 / Math.Max(2, WrongAnswers(truth, question).Count + 1);

    /// <summary>The answers other than the truth that the model may give, in a fixed order.</summary>
    public IReadOnlyList<string> WrongAnswers(TaskExample? truth, string question)
    {
        var correct = truth is null ? null : Format.Normalize(truth.Target);
        IEnumerable<string> candidates;
        if (truth?.Choices is { Count: > 1 } choices)
        {
            candidates = choices;
        }
        else if (Format == AnswerFormat.MultipleChoice)
        {
            var letters = OptionLetter().Matches(question).Select(m => m.Groups["l"].Value).Distinct(StringComparer.Ordinal).ToArray();
            candidates = letters.Length >= 2 ? letters.Select(l => $"({l})") : (LabelSpace ?? []).Select(Spell);
        }
        else if (LabelSpace is { Count: > 1 } space)
        {
            candidates = space.Select(Spell);
        }
        else if (Format == AnswerFormat.Number && truth is not null && decimal.TryParse(Format.Normalize(truth.Target), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            candidates = [(number + 1).ToString(CultureInfo.InvariantCulture), (number - 1).ToString(CultureInfo.InvariantCulture), (number + 2).ToString(CultureInfo.InvariantCulture)];
        }
        else
        {
            candidates = _openAnswers;
        }

        return candidates
            .Where(c => !string.Equals(Format.Normalize(c), correct, StringComparison.Ordinal))
            .DistinctBy(Format.Normalize, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Writes a final answer line the task's format reads back as <paramref name="answer"/>.</summary>
    public string FinalLine(string answer)
    {
        var spelled = Format == AnswerFormat.MultipleChoice && Format.Normalize(answer) is { Length: 1 } letter ? $"({letter})" : answer.Trim();
        return $"The answer is: {spelled}";
    }

    private string SuffixKey(string text) => text.Length <= _suffixKeyLength ? text : text[^_suffixKeyLength..];

    /// <summary>
    /// Phrases (one or two words) that 6-50% of the training questions contain, ranked by support and by how well they
    /// predict one label, at most <see cref="MaxPhraseSkills"/> that do not overlap; plus "long questions" (the top
    /// quarter by length) when lengths vary. Hardness ranks them by how mixed the labels of their questions are and how
    /// long those questions are, spread over [0.35, 0.85].
    /// </summary>
    private List<SimulatedTaskSkill> DeriveSkills(TaskDefinition task)
    {
        var examples = task.Examples.Select(e => (Question: new SimulatedQuestion(e.Input), Label: Format.Normalize(e.Target))).ToArray();
        var n = examples.Length;
        var labelCount = Math.Max(2, examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Count());
        var open = LabelSpace is null;
        var holders = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var words = examples[i].Question.Words;
            var phrases = new HashSet<string>(StringComparer.Ordinal);
            for (var w = 0; w < words.Count; w++)
            {
                if (words[w].Length >= 4 && !StopWords.Contains(words[w]))
                {
                    phrases.Add(words[w]);
                }

                if (w + 1 < words.Count && words[w].Length >= 3 && words[w + 1].Length >= 3 && !(StopWords.Contains(words[w]) && StopWords.Contains(words[w + 1])))
                {
                    phrases.Add(words[w] + " " + words[w + 1]);
                }
            }

            foreach (var phrase in phrases)
            {
                if (!holders.TryGetValue(phrase, out var list))
                {
                    holders[phrase] = list = [];
                }

                list.Add(i);
            }
        }

        var minSupport = Math.Max(3, (int)Math.Ceiling(0.06 * n));
        var ranked = holders
            .Where(h => h.Value.Count >= minSupport && h.Value.Count <= 0.5 * n)
            .Select(h => (Phrase: h.Key, Holders: h.Value, Purity: open ? 0.5 : Purity(h.Value)))
            .OrderByDescending(c => c.Holders.Count / (double)n * (0.5 + c.Purity))
            .ThenBy(c => c.Phrase, StringComparer.Ordinal)
            .ToList();
        var chosen = new List<(string Phrase, List<int> Holders, double Purity)>();
        foreach (var candidate in ranked)
        {
            if (chosen.Count == MaxPhraseSkills)
            {
                break;
            }

            var overlaps = chosen.Any(c => Jaccard(c.Holders, candidate.Holders) > 0.5
                || c.Phrase.Split(' ').Intersect(candidate.Phrase.Split(' '), StringComparer.Ordinal).Any());
            if (!overlaps)
            {
                chosen.Add(candidate);
            }
        }

        var drafts = chosen.Select(c => (Keyword: (string?)c.Phrase, MinimumWords: 0, c.Holders)).ToList();
        var lengths = examples.Select(e => e.Question.WordCount).Order().ToArray();
        if (n >= 4)
        {
            var longFrom = lengths[(int)(0.75 * (n - 1))];
            if (longFrom > lengths[(int)(0.25 * (n - 1))])
            {
                drafts.Add((null, longFrom, Enumerable.Range(0, n).Where(i => examples[i].Question.WordCount >= longFrom).ToList()));
            }
        }

        var meanWords = Math.Max(1, lengths.Average());
        var ordered = drafts
            .Select(d => (Draft: d, Difficulty: (open ? 0.5 : Entropy(d.Holders)) + (0.3 * d.Holders.Average(i => examples[i].Question.WordCount) / meanWords)))
            .OrderBy(d => d.Difficulty)
            .ThenBy(d => d.Draft.Keyword ?? string.Empty, StringComparer.Ordinal)
            .ToList();
        // Every question shows the plain skill; it decides the questions that show no other.
        var skills = new List<SimulatedTaskSkill> { PlainSkill() };
        for (var i = 0; i < ordered.Count; i++)
        {
            var hardness = ordered.Count == 1 ? 0.6 : 0.35 + (0.5 * i / (ordered.Count - 1));
            var (keyword, minimumWords, holding) = ordered[i].Draft;
            skills.Add(keyword is null ? LengthSkill(hardness, minimumWords) : PhraseSkill(keyword, hardness, open ? null : Leaning(holding)));
        }

        return skills;

        double Purity(List<int> holding) => holding.GroupBy(i => examples[i].Label, StringComparer.Ordinal).Max(g => g.Count()) / (double)holding.Count;

        double Entropy(List<int> holding)
        {
            var entropy = holding.GroupBy(i => examples[i].Label, StringComparer.Ordinal)
                .Select(g => g.Count() / (double)holding.Count)
                .Sum(p => -p * Math.Log(p));
            return entropy / Math.Log(labelCount);
        }

        string? Leaning(List<int> holding)
        {
            var top = holding.GroupBy(i => examples[i].Label, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
            return top.Count() >= 0.6 * holding.Count ? Spell(top.Key) : null;
        }
    }

    private static SimulatedTaskSkill PhraseSkill(string phrase, double hardness, string? leaning)
    {
        var marker = $"when the question mentions \"{phrase}\"";
        var lean = leaning is null ? string.Empty : $" (in the task's examples most such questions have the answer {leaning}, but check)";
        return new SimulatedTaskSkill(
            $"mentions \"{phrase}\"",
            hardness,
            $"When the question mentions \"{phrase}\", work through every statement that involves it before choosing an answer{lean}.",
            marker,
            $"Double-check every answer to a question that mentions \"{phrase}\" against the rule above.",
            $"double-check every answer to a question that mentions \"{phrase}\"",
            phrase,
            0);
    }

    private static SimulatedTaskSkill PlainSkill() => new(
        "plain questions",
        PlainHardness,
        "For every question, restate what is asked and check each candidate answer against the question's statements.",
        "restate what is asked",
        "Double-check plain questions too: confirm the chosen answer satisfies every statement.",
        "double-check plain questions too",
        null,
        0);

    private static SimulatedTaskSkill LengthSkill(double hardness, int minimumWords) => new(
        $"long questions ({minimumWords.ToString(CultureInfo.InvariantCulture)}+ words)",
        hardness,
        $"When the question is long ({minimumWords.ToString(CultureInfo.InvariantCulture)} words or more), list its facts one by one before answering.",
        "when the question is long",
        "Double-check every answer to a long question by re-reading each listed fact.",
        "double-check every answer to a long question",
        null,
        minimumWords);

    private static double Jaccard(List<int> a, List<int> b)
    {
        var intersection = a.Intersect(b).Count();
        return intersection / (double)(a.Count + b.Count - intersection);
    }

    [GeneratedRegex(@"\((?<l>[A-Z])\)", RegexOptions.CultureInvariant)]
    private static partial Regex OptionLetter();
}
