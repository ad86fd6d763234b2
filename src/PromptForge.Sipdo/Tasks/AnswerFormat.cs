namespace PromptForge.Sipdo;

/// <summary>
/// How a task's answers look and how to read them from a model output: extraction (find the answer in free text,
/// inside <c>&lt;answer&gt;</c> tags or after "the answer is") and normalization (the canonical form two answers are
/// compared in). Use the built-in formats or derive your own; <see cref="Custom"/> wraps a delegate.
/// </summary>
public abstract class AnswerFormat
{
    /// <summary>Initializes a new instance of the <see cref="AnswerFormat"/> class.</summary>
    /// <param name="name">A short name of the format (for example <c>multiple_choice</c>), used in reports.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    protected AnswerFormat(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Gets the short name of the format, used in reports.</summary>
    public string Name { get; }

    /// <summary>Gets the instruction that tells a model how to state its final answer in this format.</summary>
    public abstract string OutputInstruction { get; }

    /// <summary>Gets the fixed label space of the format (for example yes and no), or <see langword="null"/> when answers are open or vary per example.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public virtual IReadOnlyList<string>? Labels => null;

    /// <summary>Gets a format for option letters such as <c>(A)</c>: read inside <c>&lt;answer&gt;</c> tags, after "the answer is", or the last <c>(X)</c> in the output.</summary>
    public static AnswerFormat MultipleChoice { get; } = new MultipleChoiceAnswerFormat();

    /// <summary>Gets a format for yes/no answers.</summary>
    public static AnswerFormat YesNo { get; } = CategoricalAnswerFormat.CreateYesNo();

    /// <summary>Gets a format for entailment/non-entailment answers ("not entailed" reads as non-entailment).</summary>
    public static AnswerFormat Entailment { get; } = CategoricalAnswerFormat.CreateEntailment();

    /// <summary>Gets a format for numeric answers written in digits or number words ("nine" = 9, "twenty-one" = 21).</summary>
    public static AnswerFormat Number { get; } = new NumberAnswerFormat();

    /// <summary>Gets a format for free text compared after case, whitespace and punctuation normalization.</summary>
    public static AnswerFormat ExactText { get; } = new ExactTextAnswerFormat();

    /// <summary>Gets a format whose answer is one of the choices listed with each example (for example BIG-bench <c>target_scores</c> keys).</summary>
    public static AnswerFormat Choice { get; } = new CategoricalAnswerFormat("choice", labels: null, synonyms: null);

    /// <summary>Creates a format whose answer is one of a fixed set of labels (for example <c>True</c>/<c>False</c> or <c>valid</c>/<c>invalid</c>).</summary>
    /// <param name="labels">The labels; at least two, distinct after normalization.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Fewer than two labels, or two labels normalize to the same text.</exception>
    public static AnswerFormat Categorical(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var list = labels.ToArray();
        if (list.Length < 2)
        {
            throw new ArgumentException("A categorical answer format needs at least two labels.", nameof(labels));
        }

        return new CategoricalAnswerFormat("categorical", list, synonyms: null);
    }

    /// <summary>Creates a format from delegates, for answers a program can read better than the built-ins.</summary>
    /// <param name="name">A short name of the format.</param>
    /// <param name="outputInstruction">The instruction telling the model how to state its final answer.</param>
    /// <param name="extract">Reads the normalized answer from a model output (the second argument holds the example's choices, if any).</param>
    /// <param name="normalize">Turns an expected answer into the canonical form <paramref name="extract"/> returns; identity when <see langword="null"/>.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="outputInstruction"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="extract"/> is <see langword="null"/>.</exception>
    public static AnswerFormat Custom(
        string name,
        string outputInstruction,
        Func<string, IReadOnlyList<string>?, AnswerExtraction> extract,
        Func<string, string>? normalize = null) =>
        new DelegateAnswerFormat(name, outputInstruction, extract, normalize);

    /// <summary>Reads the answer from a model output.</summary>
    /// <param name="output">The raw model output.</param>
    /// <param name="choices">The example's choices, when the task lists them per example.</param>
    /// <returns>The normalized answer, or the reason none was found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    public abstract AnswerExtraction Extract(string output, IReadOnlyList<string>? choices = null);

    /// <summary>Returns the canonical form of an answer (an expected label or a model answer) used for comparison.</summary>
    /// <param name="answer">The answer.</param>
    /// <returns>The canonical form.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is <see langword="null"/>.</exception>
    public abstract string Normalize(string answer);

    /// <summary>Grades a model output against the accepted answers of an example.</summary>
    /// <param name="output">The raw model output.</param>
    /// <param name="acceptedAnswers">The accepted answers (the first one is reported as expected).</param>
    /// <param name="choices">The example's choices, when the task lists them per example.</param>
    /// <returns>The grade; an unparseable output is wrong and carries the reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> or <paramref name="acceptedAnswers"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="acceptedAnswers"/> is empty.</exception>
    public AnswerGrade Grade(string output, IReadOnlyList<string> acceptedAnswers, IReadOnlyList<string>? choices = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(acceptedAnswers);
        if (acceptedAnswers.Count == 0)
        {
            throw new ArgumentException("At least one accepted answer is required.", nameof(acceptedAnswers));
        }

        var extraction = Extract(output, choices);
        var expected = Normalize(acceptedAnswers[0]);
        var correct = extraction.IsSuccess && acceptedAnswers.Any(a => string.Equals(Normalize(a), extraction.Answer, StringComparison.Ordinal));
        return new AnswerGrade(correct, extraction, expected);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
