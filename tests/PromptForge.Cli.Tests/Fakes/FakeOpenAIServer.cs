using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
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
/// An OpenAI-compatible chat-completions server on 127.0.0.1 (a random free port) for integration tests:
/// serves POST /v1/chat/completions and /chat/completions (plain and streamed), delegates the content to a backend
/// <see cref="IChatClient"/> (by default one that returns schema-valid JSON for json_schema response formats),
/// and misbehaves the way real providers do (the chaos suite): queued faults (429 with Retry-After, 500/502, HTML and
/// truncated bodies, empty choices, slow replies, quota errors), a 401 for every request after N, and dying (no longer
/// listening) after N requests, with a restart on the same port.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private WebApplication _app;
    private readonly IChatClient _backend;
    private readonly ConcurrentQueue<FakeServerFault> _faults = new();
    private readonly ConcurrentQueue<JsonObject> _requests = new();
    private readonly ConcurrentQueue<string?> _authorizations = new();
    private int _requestCount;
    private int _modelsRequestCount;
    private int _answeredCount;
    private Task _dying = Task.CompletedTask;

    private FakeOpenAIServer(WebApplication app, IChatClient backend)
    {
        _app = app;
        _backend = backend;
    }

    /// <summary>Gets the root address, e.g. http://127.0.0.1:5123/.</summary>
    public Uri RootAddress { get; private set; } = null!;

    /// <summary>Gets the OpenAI-style base address, e.g. http://127.0.0.1:5123/v1.</summary>
    public Uri BaseAddress => new(RootAddress, "v1");

    /// <summary>Gets or sets the bearer key the server accepts; <see langword="null"/> accepts any key.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>Gets or sets the delay of <see cref="FakeServerFault.SlowReply"/>.</summary>
    public TimeSpan SlowReplyDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets the Retry-After seconds sent with 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Gets the request bodies received so far (including failed ones).</summary>
    public IReadOnlyList<JsonObject> Requests => _requests.ToArray();

    /// <summary>Gets the Authorization headers received so far.</summary>
    public IReadOnlyList<string?> Authorizations => _authorizations.ToArray();

    /// <summary>Gets the number of requests received.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Gets the number of chat requests answered with a normal (200, non-empty) reply.</summary>
    public int AnsweredCount => Volatile.Read(ref _answeredCount);

    /// <summary>Gets or sets how many chat requests are served normally before every later one gets 401 (a key revoked mid-run); <see langword="null"/> never.</summary>
    public int? UnauthorizedAfterRequests { get; set; }

    /// <summary>Gets or sets how many chat requests are served before the server dies: the next request's connection is
    /// dropped and the server stops listening (connections are refused) until <see cref="RestartAsync"/>; <see langword="null"/> never.</summary>
    public int? DieAfterRequests { get; set; }

    /// <summary>Gets or sets a share of chat requests (0 to 1) that fail with a random transient fault (429, 500, 502,
    /// HTML or truncated body, empty choices), drawn from <see cref="FaultSeed"/>.</summary>
    public double RandomFaultRate { get; set; }

    /// <summary>Gets or sets the seed of <see cref="RandomFaultRate"/>.</summary>
    public int FaultSeed { get; set; }

    /// <summary>Gets a value indicating whether the server is listening.</summary>
    public bool IsListening { get; private set; }

    /// <summary>Makes the next request(s) fail with <paramref name="fault"/> (one queued entry per request).</summary>
    public void EnqueueFault(FakeServerFault fault, int times = 1)
    {
        for (int i = 0; i < times; i++)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeOpenAIServer> StartAsync(IChatClient? backend = null, CancellationToken cancellationToken = default)
    {
        var server = new FakeOpenAIServer(null!, backend ?? new SchemaEchoChatClient());
        server._app = server.CreateApp(port: 0);
        await server._app.StartAsync(cancellationToken);
        string address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.RootAddress = new Uri(address.TrimEnd('/') + "/");
        server.IsListening = true;
        return server;
    }

    /// <summary>Starts listening again on the same port after the server died (<see cref="DieAfterRequests"/>), with no
    /// death scheduled; the request counters keep counting.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await _dying;
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            DieAfterRequests = null;
            if (IsListening)
            {
                return;
            }

            await _app.DisposeAsync();
            _app = CreateApp(RootAddress.Port);
            await _app.StartAsync(cancellationToken);
            IsListening = true;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private WebApplication CreateApp(int port)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        WebApplication app = builder.Build();
        app.MapPost("/v1/chat/completions", HandleAsync);
        app.MapPost("/chat/completions", HandleAsync);
        app.MapGet("/v1/models", HandleModelsAsync);
        app.MapPost("/v1/embeddings", Embeddings.HandleOpenAIAsync);
        app.MapPost("/embeddings", Embeddings.HandleOpenAIAsync);
        return app;
    }

    private async Task DieAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (IsListening)
            {
                IsListening = false;
                await _app.StopAsync();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Starts a server whose content comes from the offline simulator and whose first two requests fail
    /// transiently (429 without delay, then 500), as the integration runs of synthesize and optimize use it.</summary>
    public static async Task<FakeOpenAIServer> StartFlakySimulatorAsync(CancellationToken cancellationToken)
    {
        FakeOpenAIServer server = await StartAsync(PromptForge.Cli.Providers.ChatClientFactory.CreateSimulator(seed: 0), cancellationToken);
        server.RetryAfterSeconds = 0;
        server.EnqueueFault(FakeServerFault.RateLimited);
        server.EnqueueFault(FakeServerFault.ServerError);
        return server;
    }

    /// <summary>Gets a value indicating whether any request asked for a json_schema response format.</summary>
    public bool SawJsonSchemaRequest => Requests.Any(r => r["response_format"]?["type"]?.GetValue<string>() == "json_schema");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _dying;
        if (IsListening)
        {
            await _app.StopAsync();
        }

        await _app.DisposeAsync();
        _lifecycle.Dispose();
    }

    /// <summary>Gets the embeddings route (<c>POST /v1/embeddings</c>) and what it received.</summary>
    public FakeEmbeddings Embeddings { get; } = new();

    /// <summary>Gets the number of GET /v1/models requests (the CLI's endpoint check before a run).</summary>
    public int ModelsRequestCount => Volatile.Read(ref _modelsRequestCount);

    private async Task HandleModelsAsync(HttpContext context)
    {
        Interlocked.Increment(ref _modelsRequestCount);
        _authorizations.Enqueue(context.Request.Headers.Authorization.FirstOrDefault());
        if (RequiredApiKey is not null && context.Request.Headers.Authorization.FirstOrDefault() != $"Bearer {RequiredApiKey}")
        {
            await WriteErrorAsync(context, 401, "invalid_api_key", "Incorrect API key provided.", context.RequestAborted);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\",\"created\":0,\"owned_by\":\"test\"}]}", context.RequestAborted);
    }

    private async Task HandleAsync(HttpContext context)
    {
        int number = Interlocked.Increment(ref _requestCount);
        if (number > DieAfterRequests)
        {
            // The process behind the endpoint is gone: this connection drops and nothing listens any more.
            context.Abort();
            lock (_faults)
            {
                if (_dying.IsCompleted && IsListening)
                {
                    _dying = Task.Run(DieAsync);
                }
            }

            return;
        }

        CancellationToken aborted = context.RequestAborted;
        JsonObject body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: aborted))!;
        _requests.Enqueue(body);
        string? authorization = context.Request.Headers.Authorization.FirstOrDefault();
        _authorizations.Enqueue(authorization);

        if ((RequiredApiKey is not null && authorization != $"Bearer {RequiredApiKey}") || number > UnauthorizedAfterRequests)
        {
            await WriteErrorAsync(context, 401, "invalid_api_key", "Incorrect API key provided.", aborted);
            return;
        }

        if (_faults.TryDequeue(out FakeServerFault fault) || TryDrawRandomFault(number, out fault))
        {
            switch (fault)
            {
                case FakeServerFault.RateLimited:
                    context.Response.Headers["Retry-After"] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await WriteErrorAsync(context, 429, "rate_limit_exceeded", "Rate limit reached.", aborted);
                    return;
                case FakeServerFault.ServerError:
                    await WriteErrorAsync(context, 500, "server_error", "The server had an error.", aborted);
                    return;
                case FakeServerFault.Unauthorized:
                    await WriteErrorAsync(context, 401, "invalid_api_key", "Incorrect API key provided.", aborted);
                    return;
                case FakeServerFault.ContentFilter:
                    await WriteErrorAsync(context, 400, "content_filter", "The response was filtered.", aborted);
                    return;
                case FakeServerFault.MalformedBody:
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("{\"id\": \"chatcmpl-broken\", \"choices\": [ {\"message\": ", aborted);
                    return;
                case FakeServerFault.SlowReply:
                    await Task.Delay(SlowReplyDelay, aborted);
                    break;
                case FakeServerFault.BadGateway:
                    context.Response.StatusCode = 502;
                    context.Response.ContentType = "text/html";
                    await context.Response.WriteAsync(HtmlErrorPage(502, "Bad Gateway"), aborted);
                    return;
                case FakeServerFault.HtmlBody:
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "text/html";
                    await context.Response.WriteAsync(HtmlErrorPage(200, "Please sign in to the proxy"), aborted);
                    return;
                case FakeServerFault.EmptyChoices:
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(
                        $"{{\"id\":\"chatcmpl-empty-{number}\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"fake-model\",\"choices\":[],\"usage\":{{\"prompt_tokens\":1,\"completion_tokens\":0,\"total_tokens\":1}}}}",
                        aborted);
                    return;
                case FakeServerFault.QuotaExceeded:
                    await WriteErrorAsync(context, 429, "insufficient_quota", "You exceeded your current quota, please check your plan and billing details.", aborted);
                    return;
            }
        }

        (List<ChatMessage> messages, ChatOptions options) = ToChatRequest(body);
        ChatResponse response = await _backend.GetResponseAsync(messages, options, aborted);
        string model = options.ModelId ?? "fake-model";
        int id = RequestCount;
        long inputTokens = response.Usage?.InputTokenCount ?? messages.Sum(m => (long)m.Text.Length) / 4 + 1;
        long outputTokens = response.Usage?.OutputTokenCount ?? response.Text.Length / 4 + 1;
        JsonObject usage = Usage(inputTokens, outputTokens);

        if (body["stream"]?.GetValue<bool>() == true)
        {
            context.Response.ContentType = "text/event-stream";
            string text = response.Text;
            int half = text.Length / 2;
            foreach (string piece in new[] { text[..half], text[half..] })
            {
                await WriteChunkAsync(context, Chunk(id, model, new JsonObject { ["role"] = "assistant", ["content"] = piece }, null), aborted);
            }

            await WriteChunkAsync(context, Chunk(id, model, new JsonObject(), "stop"), aborted);
            JsonObject usageChunk = Chunk(id, model, null, null);
            usageChunk["usage"] = usage;
            await WriteChunkAsync(context, usageChunk, aborted);
            await context.Response.WriteAsync("data: [DONE]\n\n", aborted);
            return;
        }

        JsonObject completion = Completion(id, model, response, usage);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(completion.ToJsonString(), aborted);
        Interlocked.Increment(ref _answeredCount);
    }

    /// <summary>A transient fault for request <paramref name="number"/> at <see cref="RandomFaultRate"/> (a function of the seed and the number).</summary>
    private bool TryDrawRandomFault(int number, out FakeServerFault fault)
    {
        fault = default;
        if (RandomFaultRate <= 0)
        {
            return false;
        }

        var random = new Random(HashCode.Combine(FaultSeed, number));
        if (random.NextDouble() >= RandomFaultRate)
        {
            return false;
        }

        FakeServerFault[] transient = [FakeServerFault.RateLimited, FakeServerFault.ServerError, FakeServerFault.BadGateway, FakeServerFault.HtmlBody, FakeServerFault.MalformedBody, FakeServerFault.EmptyChoices];
        fault = transient[random.Next(transient.Length)];
        return true;
    }

    private static string HtmlErrorPage(int status, string title) =>
        $"<html><head><title>{status} {title}</title></head><body><center><h1>{status} {title}</h1></center><hr><center>nginx</center></body></html>";

    private static JsonObject Chunk(int id, string model, JsonObject? delta, string? finishReason) => new()
    {
        ["id"] = $"chatcmpl-{id}",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000 + id,
        ["model"] = model,
        ["choices"] = delta is null ? new JsonArray() : new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["finish_reason"] = finishReason,
        }),
    };

    private static async Task WriteChunkAsync(HttpContext context, JsonObject chunk, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string code, string message, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = code, ["code"] = code } };
        await context.Response.WriteAsync(error.ToJsonString(), Encoding.UTF8, cancellationToken);
    }

    /// <summary>A chat completion body (<c>object: chat.completion</c>) for <paramref name="response"/>.</summary>
    internal static JsonObject Completion(int id, string model, ChatResponse response, JsonObject usage) => new()
    {
        ["id"] = $"chatcmpl-{id}",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000 + id,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = response.Text },
            ["finish_reason"] = response.FinishReason == ChatFinishReason.Length ? "length" : "stop",
        }),
        ["usage"] = usage,
    };

    /// <summary>A usage object with the total.</summary>
    internal static JsonObject Usage(long inputTokens, long outputTokens) => new()
    {
        ["prompt_tokens"] = inputTokens,
        ["completion_tokens"] = outputTokens,
        ["total_tokens"] = inputTokens + outputTokens,
    };

    /// <summary>Maps an OpenAI request body to M.E.AI messages and options for the backend.</summary>
    internal static (List<ChatMessage> Messages, ChatOptions Options) ToChatRequest(JsonObject body)
    {
        var messages = new List<ChatMessage>();
        foreach (JsonNode? node in body["messages"]!.AsArray())
        {
            string role = node!["role"]!.GetValue<string>();
            JsonNode? content = node["content"];
            string text = content is JsonArray parts
                ? string.Concat(parts.Select(p => p?["text"]?.GetValue<string>()))
                : content?.GetValue<string>() ?? string.Empty;
            messages.Add(new ChatMessage(new ChatRole(role), text));
        }

        var options = new ChatOptions
        {
            ModelId = body["model"]?.GetValue<string>(),
            Temperature = body["temperature"]?.GetValue<float>(),
            MaxOutputTokens = body["max_completion_tokens"]?.GetValue<int>() ?? body["max_tokens"]?.GetValue<int>(),
        };

        if (body["response_format"] is JsonObject format)
        {
            options.ResponseFormat = format["type"]?.GetValue<string>() switch
            {
                "json_schema" => ChatResponseFormat.ForJsonSchema(
                    JsonSerializer.Deserialize<JsonElement>(format["json_schema"]!["schema"]!.ToJsonString()),
                    format["json_schema"]!["name"]?.GetValue<string>()),
                "json_object" => ChatResponseFormat.Json,
                _ => ChatResponseFormat.Text,
            };
        }

        return (messages, options);
    }
}
