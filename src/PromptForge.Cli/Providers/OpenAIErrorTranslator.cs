using System.ClientModel;
using System.ClientModel.Primitives;

namespace PromptForge.Cli.Providers;

/// <summary>Turns the OpenAI SDK's <see cref="ClientResultException"/> (OpenAI and Azure OpenAI) into <see cref="ModelServiceException"/>
/// with the status, Retry-After and content-filter flag.</summary>
internal static class OpenAIErrorTranslator
{
    /// <summary>Translates a failure of the OpenAI SDK's HTTP pipeline.</summary>
    /// <param name="exception">The SDK's exception.</param>
    /// <param name="translator">The provider's translator (messages name the provider and its key variable).</param>
    public static ModelServiceException Translate(ClientResultException exception, ProviderErrorTranslator translator)
    {
        if (exception.Status == 0)
        {
            // No HTTP answer at all: refused connection, DNS, reset (retried as transient via the inner HttpRequestException).
            return new ModelServiceException(
                $"The {translator.Provider} endpoint could not be reached: {ProviderErrorTranslator.Innermost(exception).Message}", null, innerException: exception);
        }

        PipelineResponse? response = exception.GetRawResponse();
        return translator.FromStatus(exception.Status, response is null ? null : ReadRetryAfter(response), TryReadBody(response), exception);
    }

    /// <summary>Reads <c>retry-after-ms</c> or <c>Retry-After</c> from an SDK response.</summary>
    internal static TimeSpan? ReadRetryAfter(PipelineResponse response) =>
        RetryAfterHeader.Read(name => response.Headers.TryGetValue(name, out string? value) ? value : null);

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
}
