using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PromptForge.Cli.Providers;

/// <summary>Turns OpenAI SDK failures into <see cref="ModelServiceException"/> with the status, Retry-After and content-filter flag.</summary>
internal static class OpenAIErrorTranslator
{
    /// <summary>Translates <paramref name="exception"/> when it is a provider failure; caller cancellation is left alone.</summary>
    /// <param name="exception">The exception thrown by the SDK.</param>
    /// <param name="cancellationToken">The caller's token: an <see cref="OperationCanceledException"/> caused by it is not translated.</param>
    /// <param name="translated">The translated exception.</param>
    /// <returns><see langword="true"/> when the exception was translated.</returns>
    public static bool TryTranslate(Exception exception, CancellationToken cancellationToken, [NotNullWhen(true)] out ModelServiceException? translated)
    {
        translated = exception switch
        {
            ClientResultException { Status: 0 } ex => new ModelServiceException(
                $"The model endpoint could not be reached: {Innermost(ex).Message}", ModelFailureKind.ProviderUnavailable, isTransient: true, innerException: ex),
            ClientResultException ex => FromResponse(ex),
            // The SDK's network timeout surfaces as a cancellation the caller did not ask for.
            OperationCanceledException ex when !cancellationToken.IsCancellationRequested => new ModelServiceException(
                "The model endpoint did not answer within the network timeout.", null,
                innerException: new TimeoutException("The HTTP request timed out.", ex)),
            // The SDK parses the body itself: a body that is not an OpenAI-shaped JSON reply surfaces as a JsonException.
            // A truncated or proxy-mangled (HTML) body is the provider's fault and a second attempt usually fixes it.
            System.Text.Json.JsonException ex => new ModelServiceException(
                "The model endpoint returned a malformed response body (not an OpenAI chat-completions reply).",
                ModelFailureKind.ProviderUnavailable, isTransient: true, innerException: ex),
            HttpRequestException ex => new ModelServiceException(
                $"The model endpoint could not be reached: {Innermost(ex).Message}", (int?)ex.StatusCode, innerException: ex),
            _ => null,
        };
        return translated is not null;
    }

    private static ModelServiceException FromResponse(ClientResultException ex)
    {
        PipelineResponse? response = ex.GetRawResponse();
        TimeSpan? retryAfter = response is null ? null : ReadRetryAfter(response);
        string body = TryReadBody(response);
        bool contentFilter = ex.Status == 400 && body.Contains("content_filter", StringComparison.OrdinalIgnoreCase);

        // OpenAI reports an exhausted quota or billing as 429 insufficient_quota: waiting does not help, so it is not retried.
        bool quota = ex.Status == 402 || (ex.Status == 429 && (body.Contains("insufficient_quota", StringComparison.OrdinalIgnoreCase)
            || body.Contains("billing", StringComparison.OrdinalIgnoreCase)));
        if (quota)
        {
            return new ModelServiceException(
                $"The model provider reports that the account's quota or billing limit is reached ({ex.Status}); check the plan and billing details.",
                ModelFailureKind.Quota, isTransient: false, ex.Status, retryAfter, ex);
        }

        string what = ex.Status switch
        {
            401 => "The model endpoint rejected the API key (401 Unauthorized); check OPENAI_API_KEY.",
            403 => "The model endpoint refused the request (403 Forbidden); check the key's permissions and the model name.",
            404 => "The model endpoint returned 404 Not Found; check --endpoint (it usually ends in /v1) and the model name.",
            429 => "The model endpoint is rate limiting requests (429 Too Many Requests).",
            _ when contentFilter => "The provider's content filter blocked the request or the response.",
            >= 500 => $"The model endpoint failed with {ex.Status}.",
            _ => $"The model endpoint rejected the request with {ex.Status}.",
        };
        return new ModelServiceException(what, ex.Status, retryAfter, contentFilter, ex);
    }

    /// <summary>Reads <c>retry-after-ms</c> (OpenAI, Azure) or <c>Retry-After</c> (seconds or an HTTP date).</summary>
    internal static TimeSpan? ReadRetryAfter(PipelineResponse response)
    {
        if (response.Headers.TryGetValue("retry-after-ms", out string? ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (response.Headers.TryGetValue("Retry-After", out string? value) && !string.IsNullOrWhiteSpace(value))
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at)
                && response.Headers.TryGetValue("Date", out string? dateHeader)
                && DateTimeOffset.TryParse(dateHeader, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset now))
            {
                // Relative to the server's own clock, so client clock skew does not matter.
                TimeSpan delay = at - now;
                return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
            }
        }

        return null;
    }

    private static string TryReadBody(PipelineResponse? response)
    {
        try
        {
            return response?.Content?.ToString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            // Streamed bodies cannot be re-read; the status code alone then decides.
            return string.Empty;
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
