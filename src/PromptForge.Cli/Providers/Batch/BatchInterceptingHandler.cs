using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace PromptForge.Cli.Providers.Batch;

/// <summary>
/// The HTTP transport of the OpenAI SDK client that serves the batched roles: instead of sending a chat-completions
/// request, it hands the exact body the SDK serialized to the <see cref="OpenAIBatchQueue"/>, waits for the batch, and
/// answers with the status and body the batch returned for it, which the SDK then parses as usual. So a batched call is
/// the same request and the same response handling as a real-time one (structured output, usage, errors).
/// </summary>
internal sealed class BatchInterceptingHandler(OpenAIBatchQueue queue) : HttpMessageHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.RequestUri?.AbsolutePath.EndsWith("/chat/completions", StringComparison.Ordinal) != true || request.Content is null)
        {
            return Respond(request, BatchLineResult.Error(400, "invalid_request_error", $"only chat completions go through the Batch API, not {request.Method} {request.RequestUri?.AbsolutePath}"));
        }

        byte[] body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        BatchLineResult result;
        try
        {
            result = await queue.SendAsync(CustomId(body), body, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The files or batches endpoint refused (a revoked key, a quota) or failed: the call fails the way the
            // endpoint did, and PromptForge's retries and failure classification take it from there.
            result = BatchLineResult.Error(ex.Status == 0 ? 503 : ex.Status, "batch_endpoint_error", ex.Message);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            result = BatchLineResult.Error(503, "batch_endpoint_unreachable", ex.Message);
        }

        return Respond(request, result);
    }

    /// <summary>The request's <c>custom_id</c>: a hash of its body, so the same request maps to the same batch line across restarts.</summary>
    internal static string CustomId(byte[] body) => "pf-" + Convert.ToHexStringLower(SHA256.HashData(body))[..40];

    private static HttpResponseMessage Respond(HttpRequestMessage request, BatchLineResult result)
    {
        var content = new ByteArrayContent(result.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage((HttpStatusCode)result.StatusCode) { Content = content, RequestMessage = request };
    }
}
