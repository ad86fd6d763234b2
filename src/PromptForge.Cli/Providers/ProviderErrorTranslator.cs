using System.ClientModel;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace PromptForge.Cli.Providers;

/// <summary>
/// Turns one provider's SDK failures into <see cref="ModelServiceException"/> with the HTTP status, the Retry-After the
/// service asked for and the content-filter flag, with messages that name the provider and its key variable.
/// OpenAI and Azure fail with <see cref="ClientResultException"/> (see <see cref="OpenAIErrorTranslator"/>); Ollama and
/// Anthropic fail inside <see cref="HttpErrorTranslatingHandler"/>, which sees the raw response and its headers before
/// the SDK wraps the failure in its own exception types.
/// </summary>
internal sealed class ProviderErrorTranslator(string provider, string? keyVariable)
{
    /// <summary>Gets the provider these failures come from.</summary>
    public string Provider { get; } = provider;

    /// <summary>Translates <paramref name="exception"/> when it is a provider failure; caller cancellation is left alone.</summary>
    /// <param name="exception">The exception thrown by the SDK.</param>
    /// <param name="cancellationToken">The caller's token: an <see cref="OperationCanceledException"/> caused by it is not translated.</param>
    /// <param name="translated">The translated exception.</param>
    /// <returns><see langword="true"/> when the exception was translated.</returns>
    public bool TryTranslate(Exception exception, CancellationToken cancellationToken, [NotNullWhen(true)] out ModelServiceException? translated)
    {
        translated = Find<ModelServiceException>(exception)
            ?? (Find<ClientResultException>(exception) is { } clientResult ? OpenAIErrorTranslator.Translate(clientResult, this) : null)
            ?? (Find<Anthropic.Exceptions.AnthropicApiException>(exception) is { } anthropic
                ? FromStatus((int)anthropic.StatusCode, retryAfter: null, anthropic.ResponseBody ?? string.Empty, anthropic)
                : null)
            ?? exception switch
            {
                // An SDK's own timeout surfaces as a cancellation the caller did not ask for.
                OperationCanceledException ex when !cancellationToken.IsCancellationRequested => new ModelServiceException(
                    $"The {Provider} endpoint did not answer within the network timeout.", null,
                    innerException: new TimeoutException("The HTTP request timed out.", ex)),
                OperationCanceledException => null,
                _ when Find<System.Text.Json.JsonException>(exception) is { } json => MalformedReply(json),
                _ when Find<HttpRequestException>(exception) is { } http => new ModelServiceException(
                    $"The {Provider} endpoint could not be reached: {Innermost(http).Message}", (int?)http.StatusCode, innerException: http),
                _ when Find<TimeoutException>(exception) is { } timeout => new ModelServiceException(
                    $"The {Provider} endpoint did not answer within the network timeout.", null, innerException: timeout),
                _ => null,
            };
        return translated is not null;
    }

    /// <summary>A reply that is not the provider's reply format (truncated or proxy-mangled): retried, as a second attempt usually fixes it.</summary>
    public ModelServiceException MalformedReply(Exception inner) =>
        new($"The {Provider} endpoint returned a malformed response body.", ModelFailureKind.ProviderUnavailable, isTransient: true,
            innerException: inner as System.Text.Json.JsonException ?? new System.Text.Json.JsonException(inner.Message, inner));

    /// <summary>A reply without choices or message: a malformed reply that is retried, never taken as an empty answer.</summary>
    public ModelServiceException EmptyReply() =>
        new($"The {Provider} endpoint returned a reply without any message (no choices or no content).", ModelFailureKind.MalformedOutput, isTransient: true,
            innerException: new System.Text.Json.JsonException("The reply had no choices or no message."));

    /// <summary>Builds the exception of an HTTP failure status.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="retryAfter">The delay the service asked for.</param>
    /// <param name="body">The response body (for the content-filter code), or empty.</param>
    /// <param name="inner">The SDK's exception, if any.</param>
    public ModelServiceException FromStatus(int status, TimeSpan? retryAfter, string body, Exception? inner)
    {
        bool contentFilter = status == 400 && body.Contains("content_filter", StringComparison.OrdinalIgnoreCase);

        // An exhausted quota or billing limit comes as 402, or as 429 insufficient_quota (OpenAI): waiting does not help, so it is not retried.
        bool quota = status == 402 || (status == 429 && (body.Contains("insufficient_quota", StringComparison.OrdinalIgnoreCase)
            || body.Contains("billing", StringComparison.OrdinalIgnoreCase)));
        if (quota)
        {
            return new ModelServiceException(
                $"The {Provider} provider reports that the account's quota or billing limit is reached ({status}); check the plan and billing details.",
                ModelFailureKind.Quota, isTransient: false, status, retryAfter, inner);
        }

        string what = status switch
        {
            401 => $"The {Provider} endpoint rejected the API key (401 Unauthorized)" + (keyVariable is null ? "." : $"; check {keyVariable}."),
            403 => $"The {Provider} endpoint refused the request (403 Forbidden); check the key's permissions and the model name.",
            404 => $"The {Provider} endpoint returned 404 Not Found; check the endpoint and the model (or deployment) name.",
            429 => $"The {Provider} endpoint is rate limiting requests (429 Too Many Requests).",
            529 => $"The {Provider} endpoint is overloaded (529).",
            _ when contentFilter => "The provider's content filter blocked the request or the response.",
            >= 500 => $"The {Provider} endpoint failed with {status}.",
            _ => $"The {Provider} endpoint rejected the request with {status}.",
        };
        return new ModelServiceException(what, status, retryAfter, contentFilter, inner);
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }

            if (current is AggregateException { InnerExceptions.Count: 1 } aggregate)
            {
                return Find<T>(aggregate.InnerExceptions[0]);
            }
        }

        return null;
    }

    internal static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
