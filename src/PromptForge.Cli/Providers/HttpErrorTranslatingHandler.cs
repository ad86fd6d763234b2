namespace PromptForge.Cli.Providers;

/// <summary>
/// The HTTP handler under the Ollama and Anthropic SDKs: a failure status becomes a <see cref="ModelServiceException"/>
/// carrying the status, the Retry-After the service sent and the body's error, thrown before the SDK wraps the response
/// in its own exception types (which drop the headers). Successful responses pass through untouched.
/// </summary>
internal sealed class HttpErrorTranslatingHandler(ProviderErrorTranslator translator) : DelegatingHandler
{
    /// <summary>The most of an error body read for its message and content-filter code.</summary>
    private const int MaxErrorBodyCharacters = 4096;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            body = body.Length > MaxErrorBodyCharacters ? body[..MaxErrorBodyCharacters] : body;
            TimeSpan? retryAfter = RetryAfterHeader.Read(name =>
                response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault()
                : name == "Date" && response.Headers.Date is { } date ? date.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                : null);
            throw translator.FromStatus(
                (int)response.StatusCode, retryAfter, body, new HttpRequestException(body, null, response.StatusCode));
        }
    }
}
