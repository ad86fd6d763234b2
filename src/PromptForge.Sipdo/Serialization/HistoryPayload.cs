namespace PromptForge.Sipdo;

/// <summary>The generator's view of earlier items: a summary of the older ones and the recent ones verbatim.</summary>
internal sealed record HistoryPayload(string? SummaryOfOlderItems, IReadOnlyList<HistoryItemPayload> RecentItems);
