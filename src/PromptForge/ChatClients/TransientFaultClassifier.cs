using System.Net.Http;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace PromptForge;

/// <summary>Decides whether a failed model call is worth retrying, and how long the service asked us to wait.</summary>
internal static class TransientFaultClassifier
{
    /// <summary>Gets whether an HTTP status code means "try again later": 408, 429 and 5xx.</summary>
    public static bool IsTransientStatusCode(int statusCode) => statusCode is 408 or 429 or (>= 500 and <= 599);

    /// <summary>Gets whether <paramref name="exception"/> is a transient fault (timeouts, throttling, 5xx, connection errors).</summary>
    /// <remarks>Cancellations requested by the caller are never transient; those are handled before classification.</remarks>
    public static bool IsTransient(Exception exception) => exception switch
    {
        ModelServiceException service => service.IsTransient,
        TimeoutRejectedException or TimeoutException => true,
        BrokenCircuitException => true,
        HttpRequestException { StatusCode: { } status } => IsTransientStatusCode((int)status),

        // No status code: the request never got an HTTP answer (DNS, refused or reset connection, truncated response).
        HttpRequestException http => http.HttpRequestError is not HttpRequestError.SecureConnectionError
            and not HttpRequestError.ConfigurationLimitExceeded
            and not HttpRequestError.UserAuthenticationError
            and not HttpRequestError.InvalidResponse,
        IOException => true,
        AggregateException { InnerExceptions.Count: 1 } aggregate => IsTransient(aggregate.InnerExceptions[0]),
        _ => exception.InnerException is { } inner && inner is not OperationCanceledException && IsTransient(inner),
    };

    /// <summary>Gets the delay the service (or an open circuit) asked for, if any.</summary>
    public static TimeSpan? GetRetryAfter(Exception exception) => exception switch
    {
        ModelServiceException { RetryAfter: { } delay } => delay,
        BrokenCircuitException { RetryAfter: { } delay } => delay,
        _ => exception.InnerException is { } inner ? GetRetryAfter(inner) : null,
    };
}
