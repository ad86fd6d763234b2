namespace PromptForge.Sipdo;

/// <summary>
/// A task whose prompt SIPDO optimizes: what it is, how answers look and are read, its label space, real examples
/// (two are shown to the generator as format exemplars) and an optional held-out real test split used only for evaluation.
/// </summary>
public sealed class TaskDefinition
{
    /// <summary>Initializes a new instance of the <see cref="TaskDefinition"/> class.</summary>
    /// <param name="name">A short name (for example <c>causal_judgement</c>).</param>
    /// <param name="description">What the task asks, in one or two sentences; the generator and optimizer read it.</param>
    /// <param name="answerFormat">How answers look and are read from model outputs.</param>
    /// <param name="examples">Real labeled examples; at least one.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="description"/> is null, empty or white space, or <paramref name="examples"/> is empty or has duplicate ids.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="answerFormat"/> or <paramref name="examples"/> is <see langword="null"/>.</exception>
    public TaskDefinition(string name, string description, AnswerFormat answerFormat, IEnumerable<TaskExample> examples)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentNullException.ThrowIfNull(answerFormat);
        ArgumentNullException.ThrowIfNull(examples);
        Name = name;
        Description = description;
        AnswerFormat = answerFormat;
        Examples = examples.ToArray();
        if (Examples.Count == 0)
        {
            throw new ArgumentException("A task needs at least one real example.", nameof(examples));
        }

        if (Examples.GroupBy(e => e.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"The example id \"{duplicate.Key}\" occurs more than once.", nameof(examples));
        }
    }

    /// <summary>Gets the short name of the task.</summary>
    public string Name { get; }

    /// <summary>Gets what the task asks.</summary>
    public string Description { get; }

    /// <summary>Gets how answers look and are read.</summary>
    public AnswerFormat AnswerFormat { get; }

    /// <summary>Gets the real examples available to the loop (the training split once <see cref="SplitHeldOut(int, int)"/> ran).</summary>
    public IReadOnlyList<TaskExample> Examples { get; }

    /// <summary>Gets the held-out real test split, used only for evaluation; never shown to the loop.</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyList<TaskExample> HeldOut { get; init; } = [];

    /// <summary>Gets notes from loading (for example source records excluded because their target does not fit the answer format).</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyList<string> LoadNotes { get; init; } = [];

    // The real label shares of the whole task, kept when only a few exemplars remain as examples.
    private IReadOnlyDictionary<string, double>? _labelShares;

    /// <summary>
    /// Gets the label space for categorical answers, used for label-first sampling; <see langword="null"/> when answers are open.
    /// </summary>
    /// <value>Defaults to the format's labels, or for multiple choice the option letters used by the examples.</value>
    public IReadOnlyList<string>? LabelSpace
    {
        get => field ?? AnswerFormat.Labels ?? (AnswerFormat == AnswerFormat.MultipleChoice ? DistinctTargets() : null);
        init;
    }

    /// <summary>Grades a model output against an example.</summary>
    /// <param name="output">The raw model output.</param>
    /// <param name="example">The example the output answers.</param>
    /// <returns>The grade.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> or <paramref name="example"/> is <see langword="null"/>.</exception>
    public AnswerGrade Grade(string output, TaskExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return AnswerFormat.Grade(output, example.AcceptedAnswers, example.Choices);
    }

    /// <summary>Gets the share of each normalized label among the real examples (the distribution label-first sampling keeps close to).</summary>
    /// <returns>Label to share; shares sum to 1.</returns>
    public IReadOnlyDictionary<string, double> LabelDistribution()
    {
        if (_labelShares is { } shares)
        {
            return shares;
        }

        var counts = Examples.GroupBy(e => AnswerFormat.Normalize(e.Target), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
        var total = counts.Values.Sum();
        return counts.ToDictionary(kv => kv.Key, kv => kv.Value / total, StringComparer.Ordinal);
    }

    /// <summary>Moves a seeded random share of the examples into <see cref="HeldOut"/>.</summary>
    /// <param name="testFraction">The share held out, in (0, 1).</param>
    /// <param name="seed">The shuffle seed; the same seed gives the same split.</param>
    /// <returns>A new task with the split applied.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    public TaskDefinition SplitHeldOut(double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The held-out fraction must be between 0 and 1 (exclusive).");
        }

        return SplitHeldOut((int)Math.Round(Examples.Count * testFraction, MidpointRounding.AwayFromZero), seed);
    }

    /// <summary>Moves a seeded random set of <paramref name="testCount"/> examples into <see cref="HeldOut"/> (shuffle, then the first items are the test set).</summary>
    /// <param name="testCount">How many examples to hold out; at least one must remain.</param>
    /// <param name="seed">The shuffle seed; the same seed gives the same split.</param>
    /// <returns>A new task with the split applied.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testCount"/> is less than 1 or leaves no training example.</exception>
    public TaskDefinition SplitHeldOut(int testCount, int seed)
    {
        if (testCount < 1 || testCount >= Examples.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(testCount), testCount, $"The held-out count must be between 1 and {Examples.Count - 1}.");
        }

        var shuffled = Examples.ToArray();
        new Random(seed).Shuffle(shuffled);
        return new TaskDefinition(Name, Description, AnswerFormat, shuffled.Skip(testCount))
        {
            HeldOut = [.. HeldOut, .. shuffled.Take(testCount)],
            LoadNotes = LoadNotes,
            // Computed over all examples before the split, so a letter seen only in the test split stays in the space.
            LabelSpace = LabelSpace,
        };
    }

    /// <summary>
    /// The paper's evaluation protocol: keeps <paramref name="exemplarCount"/> seeded examples (of different labels where
    /// possible) as the only examples the loop sees, the generator's format exemplars, and holds out every other example
    /// of the task, any earlier held-out split included. The label space and the real label shares stay those of the whole task.
    /// </summary>
    /// <param name="exemplarCount">How many examples the loop keeps (SIPDO's generator shows two).</param>
    /// <param name="seed">The shuffle seed; the same seed keeps the same exemplars.</param>
    /// <returns>A new task with the exemplars as <see cref="Examples"/> and everything else as <see cref="HeldOut"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exemplarCount"/> is less than 1 or leaves nothing to hold out.</exception>
    public TaskDefinition HoldOutAllButExemplars(int exemplarCount, int seed)
    {
        var all = Examples.Concat(HeldOut).ToArray();
        if (exemplarCount < 1 || exemplarCount >= all.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(exemplarCount), exemplarCount, $"The exemplar count must be between 1 and {all.Length - 1}.");
        }

        var shares = _labelShares ?? all.GroupBy(e => AnswerFormat.Normalize(e.Target), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count() / (double)all.Length, StringComparer.Ordinal);
        new Random(seed).Shuffle(all);
        // Different labels first, so the exemplars show the answer format of more than one label.
        var exemplars = all.DistinctBy(e => AnswerFormat.Normalize(e.Target)).Concat(all).Distinct().Take(exemplarCount).ToArray();
        return new TaskDefinition(Name, Description, AnswerFormat, exemplars)
        {
            HeldOut = all.Except(exemplars).ToArray(),
            LoadNotes = LoadNotes,
            LabelSpace = LabelSpace,
            _labelShares = shares,
        };
    }

    private string[] DistinctTargets() =>
        Examples.Select(e => AnswerFormat.Normalize(e.Target)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
