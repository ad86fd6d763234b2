namespace PromptForge;

/// <summary>
/// The category of a model call that still failed after the resilience policy (retries, circuit breaker, timeouts).
/// Every package decides with <see cref="ModelFailureClassifier"/> what a failure means for the run.
/// </summary>
/// <remarks>
/// <para>
/// Provider-side failures (<see cref="ProviderUnavailable"/>, <see cref="Authentication"/>, <see cref="Quota"/> and
/// <see cref="InvalidRequest"/>) stop a prompt loop: the interrupted iteration is discarded and the run is saved as
/// <see cref="RunStatus.Interrupted"/>, to be resumed once the cause is fixed.
/// </para>
/// <para>
/// Model-content failures (<see cref="ContentRefused"/> and <see cref="MalformedOutput"/>) may become a rejected sample
/// or a critic error; the loop counts them per iteration and stops the same way above
/// <see cref="PromptLoopOptions.MaxContentFailureShare"/>.
/// </para>
/// </remarks>
public enum ModelFailureKind
{
    /// <summary>Not a model-call failure PromptForge recognizes (for example a bug in a component).</summary>
    Unknown = 0,

    /// <summary>
    /// The provider could not answer: a refused or reset connection, HTTP 5xx, 408, 429 throttling or 404, a timeout,
    /// a reply that is not the provider's protocol (an HTML error page, truncated JSON), or a circuit that stayed open.
    /// </summary>
    ProviderUnavailable,

    /// <summary>The provider rejected the credentials or the permission (HTTP 401 or 403).</summary>
    Authentication,

    /// <summary>The account's quota or billing is exhausted (HTTP 402, or 429 with <c>insufficient_quota</c>).</summary>
    Quota,

    /// <summary>The provider rejected the request itself (HTTP 400, 409, 413, 422): retrying it cannot succeed.</summary>
    InvalidRequest,

    /// <summary>The provider's content filter refused the request or the response.</summary>
    ContentRefused,

    /// <summary>
    /// The model's reply was unusable: no message at all (an empty <c>choices</c> list) or output that was still not
    /// valid structured output after the repair attempt.
    /// </summary>
    MalformedOutput,
}
