namespace PromptForge.Sipdo;

/// <summary>An answer format made of user delegates.</summary>
internal sealed class DelegateAnswerFormat : AnswerFormat
{
    private readonly Func<string, IReadOnlyList<string>?, AnswerExtraction> _extract;
    private readonly Func<string, string>? _normalize;

    public DelegateAnswerFormat(
        string name,
        string outputInstruction,
        Func<string, IReadOnlyList<string>?, AnswerExtraction> extract,
        Func<string, string>? normalize)
        : base(name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputInstruction);
        ArgumentNullException.ThrowIfNull(extract);
        OutputInstruction = outputInstruction;
        _extract = extract;
        _normalize = normalize;
    }

    public override string OutputInstruction { get; }

    public override AnswerExtraction Extract(string output, IReadOnlyList<string>? choices = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            return _extract(output, choices);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug in a user extractor must not crash a run: the output is graded wrong with the reason.
            return AnswerExtraction.Unparseable($"the custom extractor '{Name}' failed: {ex.Message}");
        }
    }

    public override string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return _normalize is null ? answer : _normalize(answer);
    }
}
