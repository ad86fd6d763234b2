namespace PromptForge.Cli.Estimation;

/// <summary>Expected calls, tokens and cost of one role, from a dry run.</summary>
internal sealed record RoleEstimate(
    string RoleTag, string Model, long Calls, long InputTokens, long OutputTokens, long MaxOutputTokens, decimal? ExpectedCost, decimal? MaxCost);

/// <summary>
/// Turns the calls of an offline dry run into per-role expectations: input tokens from the real prompts, output tokens
/// from the simulator's answers (expected) and from each call's output-token cap (upper bound), priced per model.
/// Tokens are counted by the dry run's recorder with the model family's tokenizer (<see cref="ModelFamilyTokenCounter"/>).
/// </summary>
internal static class CostEstimator
{
    /// <summary>The output cap assumed for a call that sets none.</summary>
    public const int DefaultMaxOutputTokens = 1024;

    public static IReadOnlyList<RoleEstimate> Estimate(IEnumerable<RecordedCall> calls, string defaultModel, PriceTable? prices) =>
        calls.GroupBy(c => (c.RoleTag, Model: c.ModelId ?? defaultModel))
            .Select(g =>
            {
                long input = g.Sum(c => c.InputTokens);
                long output = g.Sum(c => c.OutputTokens);
                long maxOutput = g.Sum(c => (long)(c.MaxOutputTokens ?? DefaultMaxOutputTokens));
                return new RoleEstimate(
                    g.Key.RoleTag, g.Key.Model, g.LongCount(), input, output, maxOutput,
                    prices?.Cost(g.Key.Model, input, output), prices?.Cost(g.Key.Model, input, maxOutput));
            })
            .OrderBy(r => r.RoleTag, StringComparer.Ordinal)
            .ThenBy(r => r.Model, StringComparer.Ordinal)
            .ToList();
}
