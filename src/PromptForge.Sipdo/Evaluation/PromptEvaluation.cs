namespace PromptForge.Sipdo;

/// <summary>How one prompt did on the held-out real split.</summary>
public sealed class PromptEvaluation
{
    /// <summary>Gets the name of the evaluated prompt (for example <c>optimized</c> or <c>zero_shot</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the evaluated prompt text.</summary>
    public required string Prompt { get; init; }

    /// <summary>Gets the accuracy with its 95% Wilson interval.</summary>
    public required ProportionInterval Accuracy { get; init; }

    /// <summary>Gets the accuracy per normalized expected label (useful to spot a prompt that always answers one label).</summary>
    public required IReadOnlyDictionary<string, ProportionInterval> PerLabel { get; init; }

    /// <summary>Gets how many outputs could not be parsed (they count as wrong).</summary>
    public required int Unparseable { get; init; }

    /// <summary>Gets every example with the extracted answer and the raw output.</summary>
    public required IReadOnlyList<EvaluatedItem> Items { get; init; }
}
