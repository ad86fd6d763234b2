using System.Text.Json.Serialization.Metadata;

namespace PromptForge;

/// <summary>
/// The one path every model call in every PromptForge package takes: it picks the role client, applies the
/// role's settings, limits concurrency, enforces the budget, records usage, and parses structured output
/// with one bounded repair attempt.
/// </summary>
public interface IModelGateway
{
    /// <summary>Gets the live usage ledger of the calls made through this gateway.</summary>
    UsageLedger Usage { get; }

    /// <summary>Sends a request and returns the text response.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="BudgetExhaustedException">The loop's budget is spent; the call was not made.</exception>
    Task<ModelResponse> GetResponseAsync(ModelRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a request with a JSON-schema response format derived from <paramref name="typeInfo"/>, parses the reply,
    /// and on invalid JSON or a validation error makes one repair call that shows the model its own output and the error.
    /// </summary>
    /// <typeparam name="T">The type to parse.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="typeInfo">Source-generated JSON metadata of <typeparamref name="T"/>.</param>
    /// <param name="validate">Optional semantic check; returns an error message, or <see langword="null"/> when the value is valid.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The parsed response.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="StructuredOutputException">The reply and its repair were both invalid; carries the raw text.</exception>
    /// <exception cref="BudgetExhaustedException">The loop's budget is spent.</exception>
    Task<ModelResponse<T>> GetStructuredResponseAsync<T>(
        ModelRequest request,
        JsonTypeInfo<T> typeInfo,
        Func<T, string?>? validate = null,
        CancellationToken cancellationToken = default);
}
