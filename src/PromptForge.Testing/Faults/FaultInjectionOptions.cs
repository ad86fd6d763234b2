using System.ComponentModel.DataAnnotations;

namespace PromptForge.Testing;

/// <summary>Rates and parameters of the faults injected by <see cref="FaultInjectingChatClient"/>.</summary>
/// <remarks>Each call draws one number from the seeded random source; the rates are the probabilities of each fault and may sum to at most 1.</remarks>
public sealed class FaultInjectionOptions
{
    /// <summary>Gets or sets the seed of the random source, so that the same calls get the same faults.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the probability of an HTTP 429 with <see cref="RetryAfter"/>.</summary>
    /// <value>The default is 0.</value>
    [Range(0.0, 1.0)]
    public double RateLimitedRate { get; set; }

    /// <summary>Gets or sets the probability of an HTTP 500.</summary>
    /// <value>The default is 0.</value>
    [Range(0.0, 1.0)]
    public double ServerErrorRate { get; set; }

    /// <summary>Gets or sets the probability of a timeout.</summary>
    /// <value>The default is 0.</value>
    [Range(0.0, 1.0)]
    public double TimeoutRate { get; set; }

    /// <summary>Gets or sets the probability of a reply whose JSON is made invalid.</summary>
    /// <value>The default is 0.</value>
    [Range(0.0, 1.0)]
    public double MalformedJsonRate { get; set; }

    /// <summary>Gets or sets the probability of a reply cut short.</summary>
    /// <value>The default is 0.</value>
    [Range(0.0, 1.0)]
    public double TruncatedJsonRate { get; set; }

    /// <summary>Gets or sets the probability of an empty reply.</summary>
    /// <value>The default is 0.</value>
    [Range(0.0, 1.0)]
    public double EmptyReplyRate { get; set; }

    /// <summary>Gets or sets the <c>Retry-After</c> carried by injected 429 errors.</summary>
    /// <value>The default is 2 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets how long an injected timeout hangs (on the client's clock, honoring cancellation) before it throws;
    /// <see cref="Timeout.InfiniteTimeSpan"/> hangs until the call is cancelled, to exercise a caller's own timeout.
    /// </summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>: throw at once.</value>
    public TimeSpan TimeoutDelay { get; set; }
}
