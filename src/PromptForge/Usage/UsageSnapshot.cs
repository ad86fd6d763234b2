namespace PromptForge;

/// <summary>A point-in-time copy of a <see cref="UsageLedger"/>.</summary>
public sealed class UsageSnapshot
{
    /// <summary>Gets or sets the totals over every call.</summary>
    /// <value>The default is empty totals (no calls).</value>
    public UsageTotals Total { get; set; } = new();

    /// <summary>Gets or sets the totals per role tag.</summary>
    /// <value>The default is an empty dictionary ordered by role tag.</value>
    public IDictionary<string, UsageTotals> ByRole { get; set; } = new SortedDictionary<string, UsageTotals>(StringComparer.Ordinal);

    /// <summary>Gets or sets the totals per role kind (<c>generator</c>, <c>task</c>, <c>critic</c>, <c>updater</c>).</summary>
    /// <value>The default is an empty dictionary ordered by role kind.</value>
    public IDictionary<string, UsageTotals> ByRoleKind { get; set; } = new SortedDictionary<string, UsageTotals>(StringComparer.Ordinal);

    /// <summary>Gets or sets the totals per loop iteration.</summary>
    /// <value>The default is an empty dictionary ordered by iteration.</value>
    public IDictionary<int, UsageTotals> ByIteration { get; set; } = new SortedDictionary<int, UsageTotals>();

    /// <summary>Gets or sets the totals per loop iteration and, within it, per role tag (for cost tables of role by level).</summary>
    /// <value>The default is an empty dictionary ordered by iteration.</value>
    public IDictionary<int, IDictionary<string, UsageTotals>> ByIterationAndRole { get; set; } = new SortedDictionary<int, IDictionary<string, UsageTotals>>();
}
