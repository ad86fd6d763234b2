using System.Net.Http;
using System.Net.Sockets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace PromptForge;

/// <summary>
/// The one classification of model-call failures that the core, the method packages and the CLI share: what kind of
/// failure an exception is, whether it stops a run, and whether it is worth retrying.
/// </summary>
public static class ModelFailureClassifier
{
    /// <summary>Gets the category of <paramref name="exception"/>.</summary>
    /// <param name="exception">The exception a model call (or a component making model calls) threw.</param>
    /// <returns>The category; <see cref="ModelFailureKind.Unknown"/> for an exception that is not a model-call failure.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static ModelFailureKind Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ModelServiceException service => service.FailureKind,
            StructuredOutputException => ModelFailureKind.MalformedOutput,
            BudgetExhaustedException => ModelFailureKind.Unknown,
            BrokenCircuitException => ModelFailureKind.ProviderUnavailable,
            TimeoutRejectedException or TimeoutException => ModelFailureKind.ProviderUnavailable,
            HttpRequestException { StatusCode: { } status } => FromStatusCode((int)status),
            HttpRequestException or SocketException => ModelFailureKind.ProviderUnavailable,

            // A bare IOException may as well be the disk's; the model gateway classifies one thrown by a chat client
            // (a reset response stream) as ProviderUnavailable, since it comes from the transport there.

            // An HTTP timeout surfaces as a cancellation whose cause is a TimeoutException.
            OperationCanceledException { InnerException: TimeoutException } => ModelFailureKind.ProviderUnavailable,
            OperationCanceledException => ModelFailureKind.Unknown,
            AggregateException { InnerExceptions.Count: 1 } aggregate => Classify(aggregate.InnerExceptions[0]),
            _ => exception.InnerException is { } inner ? Classify(inner) : ModelFailureKind.Unknown,
        };
    }

    /// <summary>
    /// Gets whether <paramref name="exception"/> is a provider-side failure (unavailable, authentication, quota, invalid
    /// request): a prompt loop stops and saves the run as <see cref="RunStatus.Interrupted"/>, and components must let it propagate.
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="true"/> when the failure stops the run.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static bool IsProviderFailure(Exception exception) => IsProviderFailure(Classify(exception));

    /// <summary>Gets whether <paramref name="kind"/> is a provider-side failure that stops the run.</summary>
    /// <param name="kind">The category.</param>
    /// <returns><see langword="true"/> for unavailable, authentication, quota and invalid-request failures.</returns>
    public static bool IsProviderFailure(ModelFailureKind kind) =>
        kind is ModelFailureKind.ProviderUnavailable or ModelFailureKind.Authentication or ModelFailureKind.Quota or ModelFailureKind.InvalidRequest;

    /// <summary>
    /// Gets whether <paramref name="exception"/> is a model-content failure (a content-filter refusal, or malformed output
    /// after repair): a component may turn it into a rejected sample or a critic error; the loop counts it.
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="true"/> for content refusals and malformed output.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static bool IsContentFailure(Exception exception) => Classify(exception) is ModelFailureKind.ContentRefused or ModelFailureKind.MalformedOutput;

    /// <summary>Gets the category of an HTTP error status.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <returns>The category; <see cref="ModelFailureKind.Unknown"/> for a status that is not an error.</returns>
    public static ModelFailureKind FromStatusCode(int statusCode) => statusCode switch
    {
        401 or 403 => ModelFailureKind.Authentication,
        402 => ModelFailureKind.Quota,
        404 or 408 or 429 or (>= 500 and <= 599) => ModelFailureKind.ProviderUnavailable,
        >= 400 and <= 499 => ModelFailureKind.InvalidRequest,
        _ => ModelFailureKind.Unknown,
    };

    /// <summary>A short description of a category, for stop reasons and messages.</summary>
    internal static string Describe(ModelFailureKind kind) => kind switch
    {
        ModelFailureKind.ProviderUnavailable => "the model provider is unavailable",
        ModelFailureKind.Authentication => "the model provider rejected the credentials",
        ModelFailureKind.Quota => "the model provider's quota or billing limit is reached",
        ModelFailureKind.InvalidRequest => "the model provider rejected the request",
        ModelFailureKind.ContentRefused => "the provider's content filter refused the call",
        ModelFailureKind.MalformedOutput => "the model's reply was malformed",
        _ => "the model call failed",
    };
}
