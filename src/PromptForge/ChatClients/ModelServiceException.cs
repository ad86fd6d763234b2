namespace PromptForge;

/// <summary>
/// A failure reported by a model service (an HTTP status, a content-filter refusal, a throttling reply, an unusable reply).
/// Provider adapters translate their SDK's errors into this exception so that PromptForge's middleware
/// can decide, without knowing the SDK, whether a call is worth retrying and how long to wait; the model gateway throws
/// it, with its <see cref="FailureKind"/>, for every call that still fails after the resilience policy.
/// </summary>
public class ModelServiceException : Exception
{
    private readonly ModelFailureKind? _failureKind;
    private readonly bool? _isTransient;

    /// <summary>Initializes a new instance of the <see cref="ModelServiceException"/> class.</summary>
    public ModelServiceException()
        : this("The model service reported an error.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelServiceException"/> class with a message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public ModelServiceException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelServiceException"/> class with a message and the error that caused it.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The error reported by the provider's SDK, if any.</param>
    public ModelServiceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelServiceException"/> class.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="statusCode">The HTTP status code the service returned, if any.</param>
    /// <param name="retryAfter">The delay the service asked for before the next attempt (a <c>Retry-After</c> header), if any.</param>
    /// <param name="isContentFilter">Whether the service refused the request because of its content filter.</param>
    /// <param name="innerException">The error reported by the provider's SDK, if any.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retryAfter"/> is negative.</exception>
    public ModelServiceException(string message, int? statusCode, TimeSpan? retryAfter = null, bool isContentFilter = false, Exception? innerException = null)
        : base(message, innerException)
    {
        if (retryAfter is { } delay)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, nameof(retryAfter));
        }

        StatusCode = statusCode;
        RetryAfter = retryAfter;
        IsContentFilter = isContentFilter;
    }

    /// <summary>Initializes a new instance of the <see cref="ModelServiceException"/> class with an explicit category.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="failureKind">The category of the failure (for example <see cref="ModelFailureKind.Quota"/> for a 429 that reports <c>insufficient_quota</c>).</param>
    /// <param name="isTransient">Whether the same request may succeed later, so the resilience policy retries it.</param>
    /// <param name="statusCode">The HTTP status code the service returned, if any.</param>
    /// <param name="retryAfter">The delay the service asked for before the next attempt, if any.</param>
    /// <param name="innerException">The error reported by the provider's SDK, if any.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retryAfter"/> is negative.</exception>
    public ModelServiceException(string message, ModelFailureKind failureKind, bool isTransient, int? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : this(message, statusCode, retryAfter, failureKind == ModelFailureKind.ContentRefused, innerException)
    {
        _failureKind = failureKind;
        _isTransient = isTransient;
    }

    /// <summary>Gets the category of the failure, which decides what it means for a run.</summary>
    /// <value>
    /// The category given to the constructor; otherwise <see cref="ModelFailureKind.ContentRefused"/> for a content-filter
    /// refusal, the category of <see cref="StatusCode"/> (see <see cref="ModelFailureClassifier.FromStatusCode"/>), or,
    /// without a status code, the category of the inner exception (a connection error or timeout is
    /// <see cref="ModelFailureKind.ProviderUnavailable"/>).
    /// </value>
    public ModelFailureKind FailureKind => _failureKind ?? (IsContentFilter ? ModelFailureKind.ContentRefused : StatusCode switch
    {
        int status => ModelFailureClassifier.FromStatusCode(status),
        null => InnerException is null ? ModelFailureKind.Unknown : ModelFailureClassifier.Classify(InnerException),
    });

    /// <summary>Gets the HTTP status code the service returned.</summary>
    /// <value><see langword="null"/> when the failure did not come with a status code (for example, a dropped connection).</value>
    public int? StatusCode { get; }

    /// <summary>Gets the delay the service asked for before the next attempt.</summary>
    /// <value><see langword="null"/> when the service did not say.</value>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Gets a value indicating whether the service refused the request because of its content filter.</summary>
    /// <value><see langword="false"/> unless the adapter recognized a content-filter refusal. Such refusals are never retried.</value>
    public bool IsContentFilter { get; }

    /// <summary>Gets a value indicating whether the failure is transient, so the same request may succeed later.</summary>
    /// <value>
    /// The value given to the constructor; otherwise <see langword="true"/> for HTTP 408, 429 and 5xx and
    /// <see langword="false"/> for content-filter refusals and every other status. Without a status code, the failure
    /// is transient when its inner exception is a timeout or a connection error.
    /// </value>
    public bool IsTransient => _isTransient ?? (!IsContentFilter && StatusCode switch
    {
        null => InnerException is not null && TransientFaultClassifier.IsTransient(InnerException),
        int status => TransientFaultClassifier.IsTransientStatusCode(status),
    });
}
