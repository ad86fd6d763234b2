namespace PromptForge;

/// <summary>A point-in-time copy of a <see cref="UsageLedger"/>.</summary>
public sealed class UsageSnapshot
{
    /// <summary>Gets or sets the totals over every call.</summary>
    public UsageTotals Total { get; set; } = new();

    /// <summary>Gets or sets the totals per role tag.</summary>
    public IDictionary<string, UsageTotals> ByRole { get; set; } = new SortedDictionary<string, UsageTotals>(StringComparer.Ordinal);

    /// <summary>Gets or sets the totals per role kind (<c>generator</c>, <c>task</c>, <c>critic</c>, <c>updater</c>).</summary>
    public IDictionary<string, UsageTotals> ByRoleKind { get; set; } = new SortedDictionary<string, UsageTotals>(StringComparer.Ordinal);

    /// <summary>Gets or sets the totals per loop iteration.</summary>
    public IDictionary<int, UsageTotals> ByIteration { get; set; } = new SortedDictionary<int, UsageTotals>();
}
