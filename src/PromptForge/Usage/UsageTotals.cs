namespace PromptForge;

/// <summary>Accumulated usage of a set of model calls.</summary>
public sealed class UsageTotals
{
    /// <summary>Gets or sets the number of calls, including cached ones.</summary>
    public long Calls { get; set; }

    /// <summary>Gets or sets how many of <see cref="Calls"/> were served from the response cache (free).</summary>
    public long CachedCalls { get; set; }

    /// <summary>Gets or sets the input tokens of the calls that were not cached.</summary>
    public long InputTokens { get; set; }

    /// <summary>Gets or sets the output tokens of the calls that were not cached.</summary>
    public long OutputTokens { get; set; }

    /// <summary>Gets or sets the summed latency of the calls.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Gets or sets the number of calls that failed (after middleware retries).</summary>
    public long FailedCalls { get; set; }

    /// <summary>Adds one call to these totals.</summary>
    /// <param name="record">The call.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public void Add(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Calls++;
        if (record.FromCache)
        {
            CachedCalls++;
        }
        else
        {
            InputTokens += record.InputTokens;
            OutputTokens += record.OutputTokens;
        }

        if (record.Failed)
        {
            FailedCalls++;
        }

        Latency += record.Latency;
    }

    /// <summary>Adds other totals to these.</summary>
    /// <param name="other">The totals to add.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    public void Add(UsageTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Calls += other.Calls;
        CachedCalls += other.CachedCalls;
        InputTokens += other.InputTokens;
        OutputTokens += other.OutputTokens;
        Latency += other.Latency;
        FailedCalls += other.FailedCalls;
    }

    /// <summary>Returns a copy.</summary>
    /// <returns>A new instance with the same values.</returns>
    public UsageTotals Clone() => new()
    {
        Calls = Calls,
        CachedCalls = CachedCalls,
        InputTokens = InputTokens,
        OutputTokens = OutputTokens,
        Latency = Latency,
        FailedCalls = FailedCalls,
    };
}
