namespace PromptForge.Sipdo;

/// <summary>
/// The outcome of running a task prompt on one sample, as saved in critic details, the verdict memo and the held-out
/// journal (keep its JSON shape: saved runs are read back). Callers of the evaluator get <see cref="EvaluatedItem"/>.
/// </summary>
/// <param name="SampleId">The sample or example id.</param>
/// <param name="Expected">The normalized expected answer.</param>
/// <param name="Extracted">The normalized extracted answer, or <see langword="null"/> when the output was unparseable.</param>
/// <param name="Correct">Whether the answer was correct.</param>
/// <param name="Reason">Why it was wrong, or <see langword="null"/>.</param>
/// <param name="Output">The raw model output.</param>
internal sealed record TaskRunItem(string SampleId, string Expected, string? Extracted, bool Correct, string? Reason, string Output);

/// <summary>The critic's saved report: every sample of the coverage set with the model's answer.</summary>
internal sealed record TaskRunDetails(int PromptVersion, double Coverage, IReadOnlyList<TaskRunItem> Items)
{
    /// <summary>Gets the items quarantined so far (left out of <see cref="Items"/>), with why.</summary>
    public IReadOnlyList<QuarantinedItem>? Quarantined { get; init; }
}
