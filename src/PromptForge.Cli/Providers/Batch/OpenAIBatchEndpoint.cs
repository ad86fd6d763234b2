using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;

namespace PromptForge.Cli.Providers.Batch;

/// <summary>The files and batches endpoints of OpenAI's Batch API, through the OpenAI SDK's own clients.</summary>
/// <param name="client">An OpenAI client for the connection (real-time transport, no batching).</param>
internal sealed class OpenAIBatchEndpoint(OpenAIClient client)
{
    /// <summary>The endpoint every batched request names (the real-time path the SDK calls).</summary>
    public const string ChatCompletionsUrl = "/v1/chat/completions";

    private readonly OpenAIFileClient _files = client.GetOpenAIFileClient();
#pragma warning disable OPENAI001 // The SDK marks its batch client as for evaluation; it is the SDK's only way to the Batch API.
    private readonly BatchClient _batches = client.GetBatchClient();
#pragma warning restore OPENAI001

    /// <summary>Uploads a JSONL request file with purpose <c>batch</c>; returns its file id.</summary>
    public async Task<string> UploadAsync(byte[] jsonl, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(jsonl, writable: false);
        ClientResult<OpenAIFile> file = await _files.UploadFileAsync(stream, "promptforge-batch.jsonl", FileUploadPurpose.Batch, cancellationToken).ConfigureAwait(false);
        return file.Value.Id;
    }

    /// <summary>Creates a batch over an uploaded request file; returns the batch id.</summary>
    public async Task<string> CreateAsync(string inputFileId, string completionWindow, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["input_file_id"] = inputFileId, ["endpoint"] = ChatCompletionsUrl, ["completion_window"] = completionWindow };
#pragma warning disable OPENAI001
        CreateBatchOperation operation = await _batches.CreateBatchAsync(
            BinaryContent.Create(BinaryData.FromString(body.ToJsonString())), waitUntilCompleted: false, new RequestOptions { CancellationToken = cancellationToken }).ConfigureAwait(false);
#pragma warning restore OPENAI001
        return operation.BatchId;
    }

    /// <summary>Reads a batch's status.</summary>
    public async Task<BatchState> GetAsync(string batchId, CancellationToken cancellationToken)
    {
#pragma warning disable OPENAI001
        ClientResult result = await _batches.GetBatchAsync(batchId, new RequestOptions { CancellationToken = cancellationToken }).ConfigureAwait(false);
#pragma warning restore OPENAI001
        using JsonDocument document = JsonDocument.Parse(result.GetRawResponse().Content);
        JsonElement root = document.RootElement;
        string? errors = root.TryGetProperty("errors", out JsonElement e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("data", out JsonElement data) && data.ValueKind == JsonValueKind.Array
            ? string.Join("; ", data.EnumerateArray().Select(d => d.TryGetProperty("message", out JsonElement m) ? m.GetString() : null).Where(m => m is not null))
            : null;
        return new BatchState(
            root.GetProperty("status").GetString() ?? "unknown",
            String(root, "output_file_id"),
            String(root, "error_file_id"),
            string.IsNullOrEmpty(errors) ? null : errors);

        static string? String(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>Downloads a file's content (a batch's output or error file).</summary>
    public async Task<byte[]> DownloadAsync(string fileId, CancellationToken cancellationToken)
    {
        ClientResult<BinaryData> content = await _files.DownloadFileAsync(fileId, cancellationToken).ConfigureAwait(false);
        return content.Value.ToArray();
    }
}

/// <summary>A batch's status as the API reports it.</summary>
/// <param name="Status">validating, in_progress, finalizing, completed, expired, cancelling, cancelled or failed.</param>
/// <param name="OutputFileId">The file of successful responses, once there is one.</param>
/// <param name="ErrorFileId">The file of failed requests, once there is one.</param>
/// <param name="Errors">Why the batch failed validation, if it did.</param>
internal sealed record BatchState(string Status, string? OutputFileId, string? ErrorFileId, string? Errors)
{
    /// <summary>Gets a value indicating whether the batch will not change any more.</summary>
    public bool IsFinal => Status is "completed" or "expired" or "cancelled" or "failed";
}
