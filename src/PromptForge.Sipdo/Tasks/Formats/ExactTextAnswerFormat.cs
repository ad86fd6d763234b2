namespace PromptForge.Sipdo;

/// <summary>Free text compared after <see cref="TextNormalization.ExactText"/>; unmarked output is read from its last non-empty line.</summary>
internal sealed class ExactTextAnswerFormat : AnswerFormat
{
    public ExactTextAnswerFormat()
        : base("exact_text")
    {
    }

    public override string OutputInstruction => "Finish with the line \"The answer is: <answer>\" containing only the answer text.";

    public override AnswerExtraction Extract(string output, IReadOnlyList<string>? choices = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var region = AnswerRegion.Locate(output);
        var text = region.IsMarked
            ? region.Text
            : region.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;
        var normalized = TextNormalization.ExactText(text);
        return normalized.Length == 0
            ? AnswerExtraction.Unparseable("the output is empty")
            : AnswerExtraction.Found(normalized);
    }

    public override string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return TextNormalization.ExactText(answer);
    }
}
