using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PromptForge.Cli.Tests.Fakes;

/// <summary>
/// OpenAI's Batch API on 127.0.0.1 for integration tests: <c>POST /v1/files</c> (multipart, purpose batch),
/// <c>GET /v1/files/{id}/content</c>, <c>POST /v1/batches</c>, <c>GET /v1/batches/{id}</c>, plus real-time
/// <c>POST /v1/chat/completions</c> and <c>GET /v1/models</c>. A batch runs when it is first polled (or when released, if
/// <see cref="HoldBatches"/>): every line is answered by the backend as the real-time route would, and the batch ends
/// completed, or as a test scripts it: expired after some lines, failed validation, or with failing lines in its error file.
/// </summary>
public sealed class FakeOpenAIBatchServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IChatClient _backend;
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly ConcurrentDictionary<string, FakeBatch> _batches = new();
    private readonly ConcurrentQueue<JsonObject> _realtimeBodies = new();
    private int _fileCount;
    private int _batchCount;
    private int _realtimeCount;

    private FakeOpenAIBatchServer(IChatClient backend)
    {
        _backend = backend;
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapGet("/v1/models", context => Json(context, 200, new JsonObject { ["object"] = "list", ["data"] = new JsonArray(new JsonObject { ["id"] = "fake-model", ["object"] = "model", ["created"] = 0, ["owned_by"] = "test" }) }));
        _app.MapPost("/v1/chat/completions", RealtimeAsync);
        _app.MapPost("/v1/files", UploadAsync);
        _app.MapGet("/v1/files/{id}/content", (HttpContext context, string id) => _files.TryGetValue(id, out byte[]? content)
            ? context.Response.Body.WriteAsync(content).AsTask()
            : Json(context, 404, Error("file not found")));
        _app.MapPost("/v1/batches", CreateBatchAsync);
        _app.MapGet("/v1/batches/{id}", GetBatchAsync);
    }

    /// <summary>Gets the base address, e.g. http://127.0.0.1:5123/v1.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets or sets a value indicating whether batches stay in progress until <see cref="ReleaseBatches"/>.</summary>
    public bool HoldBatches { get; set; }

    /// <summary>Gets or sets how many lines the next batch answers before it expires (the rest are left unprocessed); <see langword="null"/> for none.</summary>
    public int? ExpireNextBatchAfterLines { get; set; }

    /// <summary>Gets or sets a value indicating whether the next batch fails validation.</summary>
    public bool FailNextBatch { get; set; }

    /// <summary>Gets or sets how many lines of the next batch fail with a 500 in its error file.</summary>
    public int FailLinesOfNextBatch { get; set; }

    /// <summary>Gets the number of batches created.</summary>
    public int BatchCount => Volatile.Read(ref _batchCount);

    /// <summary>Gets the number of real-time chat requests.</summary>
    public int RealtimeCount => Volatile.Read(ref _realtimeCount);

    /// <summary>Gets the real-time request bodies.</summary>
    public IReadOnlyList<JsonObject> RealtimeBodies => _realtimeBodies.ToArray();

    /// <summary>Gets the custom ids of every batch, in creation order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> BatchCustomIds =>
        _batches.Values.OrderBy(b => b.Number).Select(b => (IReadOnlyList<string>)b.Lines.Select(l => l["custom_id"]!.GetValue<string>()).ToList()).ToList();

    /// <summary>Gets the request bodies sent in batches.</summary>
    public IReadOnlyList<JsonObject> BatchedBodies => _batches.Values.OrderBy(b => b.Number).SelectMany(b => b.Lines.Select(l => l["body"]!.AsObject())).ToList();

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeOpenAIBatchServer> StartAsync(IChatClient backend, CancellationToken cancellationToken = default)
    {
        var server = new FakeOpenAIBatchServer(backend);
        await server._app.StartAsync(cancellationToken);
        string address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>Lets held batches run at their next poll.</summary>
    public void ReleaseBatches() => HoldBatches = false;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task RealtimeAsync(HttpContext context)
    {
        Interlocked.Increment(ref _realtimeCount);
        JsonObject body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!;
        _realtimeBodies.Enqueue(body);
        await Json(context, 200, await CompleteAsync(body, context.RequestAborted));
    }

    private async Task UploadAsync(HttpContext context)
    {
        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
        IFormFile file = form.Files["file"]!;
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, context.RequestAborted);
        string id = $"file-{Interlocked.Increment(ref _fileCount)}";
        _files[id] = buffer.ToArray();
        await Json(context, 200, FileObject(id, buffer.Length, file.FileName, form["purpose"].ToString()));
    }

    private async Task CreateBatchAsync(HttpContext context)
    {
        JsonObject request = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!;
        string fileId = request["input_file_id"]!.GetValue<string>();
        if (!_files.TryGetValue(fileId, out byte[]? content))
        {
            await Json(context, 400, Error($"no file {fileId}"));
            return;
        }

        int number = Interlocked.Increment(ref _batchCount);
        var batch = new FakeBatch(number, $"batch_{number}", fileId, Encoding.UTF8.GetString(content)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList())
        {
            ExpireAfter = ExpireNextBatchAfterLines,
            FailValidation = FailNextBatch,
            FailLines = FailLinesOfNextBatch,
        };
        ExpireNextBatchAfterLines = null;
        FailNextBatch = false;
        FailLinesOfNextBatch = 0;
        _batches[batch.Id] = batch;
        await Json(context, 200, batch.ToJson(request["endpoint"]?.GetValue<string>(), request["completion_window"]?.GetValue<string>()));
    }

    private async Task GetBatchAsync(HttpContext context, string id)
    {
        if (!_batches.TryGetValue(id, out FakeBatch? batch))
        {
            await Json(context, 404, Error($"no batch {id}"));
            return;
        }

        if (batch.Status == "validating" && !HoldBatches)
        {
            await RunAsync(batch, context.RequestAborted);
        }
        else if (batch.Status == "validating")
        {
            batch.Status = "in_progress";
        }
        else if (batch.Status == "in_progress" && !HoldBatches)
        {
            await RunAsync(batch, context.RequestAborted);
        }

        await Json(context, 200, batch.ToJson("/v1/chat/completions", "24h"));
    }

    private async Task RunAsync(FakeBatch batch, CancellationToken cancellationToken)
    {
        if (batch.FailValidation)
        {
            batch.Status = "failed";
            batch.Errors = "Line 1: the model 'fake-model' is not available for batches.";
            return;
        }

        var output = new StringBuilder();
        var errors = new StringBuilder();
        int processed = 0;
        foreach (JsonObject line in batch.Lines)
        {
            string customId = line["custom_id"]!.GetValue<string>();
            if (batch.ExpireAfter is { } limit && processed >= limit)
            {
                errors.Append(new JsonObject { ["id"] = $"batch_req_{customId}", ["custom_id"] = customId, ["response"] = null, ["error"] = new JsonObject { ["code"] = "batch_expired", ["message"] = "This request could not be executed before the completion window expired." } }.ToJsonString()).Append('\n');
                continue;
            }

            processed++;
            if (processed <= batch.FailLines)
            {
                errors.Append(new JsonObject { ["id"] = $"batch_req_{customId}", ["custom_id"] = customId, ["response"] = new JsonObject { ["status_code"] = 500, ["body"] = Error("The server had an error.") }, ["error"] = null }.ToJsonString()).Append('\n');
                continue;
            }

            JsonObject completion = await CompleteAsync(line["body"]!.AsObject(), cancellationToken);
            output.Append(new JsonObject { ["id"] = $"batch_req_{customId}", ["custom_id"] = customId, ["response"] = new JsonObject { ["status_code"] = 200, ["request_id"] = customId, ["body"] = completion }, ["error"] = null }.ToJsonString()).Append('\n');
        }

        batch.OutputFileId = Store(output);
        batch.ErrorFileId = Store(errors);
        batch.Status = batch.ExpireAfter is not null ? "expired" : "completed";

        string? Store(StringBuilder content)
        {
            if (content.Length == 0)
            {
                return null;
            }

            string id = $"file-{Interlocked.Increment(ref _fileCount)}";
            _files[id] = Encoding.UTF8.GetBytes(content.ToString());
            return id;
        }
    }

    private async Task<JsonObject> CompleteAsync(JsonObject body, CancellationToken cancellationToken)
    {
        (List<ChatMessage> messages, ChatOptions options) = FakeOpenAIServer.ToChatRequest(body);

        // The role tag does not travel over the wire; the reply schema names it, so the simulated backend answers as that role would.
        if (body["response_format"]?["json_schema"]?["name"]?.GetValue<string>() is { } schema && SchemaRoleChatClient.RoleOfSchemaName.TryGetValue(schema, out string? role))
        {
            options.AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = role };
        }

        ChatResponse response = await _backend.GetResponseAsync(messages, options, cancellationToken);
        long input = messages.Sum(m => (long)m.Text.Length) / 4 + 1;
        long output = response.Text.Length / 4 + 1;
        return FakeOpenAIServer.Completion(0, options.ModelId ?? "fake-model", response, FakeOpenAIServer.Usage(input, output));
    }


    private static JsonObject FileObject(string id, long bytes, string name, string purpose) => new()
    {
        ["id"] = id,
        ["object"] = "file",
        ["bytes"] = bytes,
        ["created_at"] = 1_700_000_000,
        ["filename"] = name,
        ["purpose"] = purpose,
        ["status"] = "processed",
    };

    private static JsonObject Error(string message) => new() { ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error", ["code"] = null } };

    private static Task Json(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private sealed class FakeBatch(int number, string id, string inputFileId, List<JsonObject> lines)
    {
        public int Number { get; } = number;

        public string Id { get; } = id;

        public List<JsonObject> Lines { get; } = lines;

        public string Status { get; set; } = "validating";

        public string? OutputFileId { get; set; }

        public string? ErrorFileId { get; set; }

        public string? Errors { get; set; }

        public int? ExpireAfter { get; init; }

        public bool FailValidation { get; init; }

        public int FailLines { get; init; }

        public JsonObject ToJson(string? endpoint, string? window) => new()
        {
            ["id"] = Id,
            ["object"] = "batch",
            ["endpoint"] = endpoint,
            ["input_file_id"] = inputFileId,
            ["completion_window"] = window,
            ["status"] = Status,
            ["output_file_id"] = OutputFileId,
            ["error_file_id"] = ErrorFileId,
            ["errors"] = Errors is null ? null : new JsonObject { ["object"] = "list", ["data"] = new JsonArray(new JsonObject { ["code"] = "invalid_model", ["message"] = Errors, ["line"] = 1 }) },
            ["created_at"] = 1_700_000_000,
            ["request_counts"] = new JsonObject { ["total"] = Lines.Count, ["completed"] = 0, ["failed"] = 0 },
        };
    }
}
