namespace PromptForge;

/// <summary>The items read from JSON Lines content by <see cref="JsonLines.Deserialize{T}"/>.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class JsonLinesReadResult<T>
{
    /// <summary>Initializes a new instance of the <see cref="JsonLinesReadResult{T}"/> class.</summary>
    /// <param name="items">The items read.</param>
    /// <param name="tornLineNumber">The 1-based number of the skipped torn last line, if any.</param>
    /// <param name="tornLineError">Why the torn last line could not be read, if any.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is <see langword="null"/>.</exception>
    public JsonLinesReadResult(IReadOnlyList<T> items, int? tornLineNumber = null, string? tornLineError = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
        TornLineNumber = tornLineNumber;
        TornLineError = tornLineError;
    }

    /// <summary>Gets the items read, in file order.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>Gets the 1-based line number of the incomplete last line that was skipped, or <see langword="null"/> when every line was read.</summary>
    public int? TornLineNumber { get; }

    /// <summary>Gets why the skipped last line could not be read, or <see langword="null"/> when no line was skipped.</summary>
    public string? TornLineError { get; }

    /// <summary>Gets the number of skipped lines (0 or 1: only a torn last line is ever skipped).</summary>
    public int SkippedLineCount => TornLineNumber.HasValue ? 1 : 0;
}
