using System.ComponentModel.DataAnnotations;

namespace PromptForge;

/// <summary>Options of the resilience stage added by <see cref="ResilienceChatClientBuilderExtensions.UseResilience"/>.</summary>
/// <remarks>
/// Attempts are retried with exponential backoff and jitter when they fail with a transient fault
/// (a timeout, HTTP 408, 429 or 5xx, a connection error). When the service sends a <c>Retry-After</c>,
/// the wait is the longer of that delay and the backoff, capped by <see cref="MaxDelay"/>.
/// HTTP 400, 401, 403, 404 and content-filter refusals are never retried.
/// </remarks>
public sealed class ChatResilienceOptions
{
    /// <summary>Gets or sets how many times a failed call is retried after the first attempt.</summary>
    /// <value>The default is 4. Zero disables retries.</value>
    [Range(0, 100)]
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>Gets or sets the delay before the first retry; later retries double it (with jitter).</summary>
    /// <value>The default is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest wait between two attempts, including a server's <c>Retry-After</c>.</summary>
    /// <value>The default is 60 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets whether the backoff is randomized so that many clients do not retry in lockstep.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseJitter { get; set; } = true;

    /// <summary>Gets or sets the time one attempt may take before it is cancelled and counted as a transient timeout.</summary>
    /// <value>The default is 120 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets or sets whether the circuit breaker is enabled.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableCircuitBreaker { get; set; } = true;

    /// <summary>Gets or sets the share of failed attempts, within <see cref="SamplingDuration"/>, that opens the circuit.</summary>
    /// <value>The default is 0.5.</value>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets the number of attempts within <see cref="SamplingDuration"/> needed before the circuit may open.</summary>
    /// <value>The default is 10.</value>
    [Range(2, int.MaxValue)]
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>Gets or sets the window over which the failure ratio is measured.</summary>
    /// <value>The default is 60 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long the circuit stays open (calls fail fast) before one trial call is let through.</summary>
    /// <value>The default is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the seed of the jitter, so that the sequence of retry delays can be reproduced.</summary>
    /// <value>The default is <see langword="null"/>: Polly's shared random source.</value>
    public int? JitterSeed { get; set; }

    /// <summary>
    /// Gets or sets a predicate that decides whether a failure is retried, replacing the default classification
    /// (timeouts, HTTP 408/429/5xx, connection errors). Caller cancellations are never retried, whatever it returns.
    /// </summary>
    /// <value>The default is <see langword="null"/>: use the default classification.</value>
    public Func<Exception, bool>? ShouldRetry { get; set; }
}
