using System.Text.Json;

namespace PromptForge.Sipdo;

/// <summary>An item the task model answers and the grader checks: a synthetic sample or a real example.</summary>
/// <param name="Id">The sample or example id.</param>
/// <param name="Input">The input.</param>
/// <param name="AcceptedAnswers">The accepted answers; the first is reported as expected.</param>
/// <param name="Choices">The per-item choices, if any.</param>
internal sealed record GradedItem(string Id, string Input, IReadOnlyList<string> AcceptedAnswers, IReadOnlyList<string>? Choices)
{
    public const string ChoicesMetadataKey = "choices";

    public static GradedItem FromExample(TaskExample example) => new(example.Id, example.Input, example.AcceptedAnswers, example.Choices);

    /// <summary>Reads a synthetic sample; <see langword="null"/> when it has no expected answer (it cannot be graded).</summary>
    public static GradedItem? FromSample(Sample sample)
    {
        if (string.IsNullOrWhiteSpace(sample.Expected))
        {
            return null;
        }

        IReadOnlyList<string>? choices = null;
        if (sample.Metadata?.TryGetValue(ChoicesMetadataKey, out var element) == true && element.ValueKind == JsonValueKind.Array)
        {
            choices = element.Deserialize(SipdoJsonContext.Default.StringArray);
        }

        return new GradedItem(sample.Id, sample.Input, [sample.Expected], choices);
    }
}
