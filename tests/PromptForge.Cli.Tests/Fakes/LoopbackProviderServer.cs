using System.Collections.Concurrent;
using System.Net;
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
/// What the vendor-specific loopback servers (Azure OpenAI, Ollama, Anthropic) share: Kestrel on 127.0.0.1 with a random
/// port, a backend <see cref="IChatClient"/> that writes the content (by default schema-valid JSON for structured
/// requests), recorded request bodies and headers, a required key, and queued faults. Each subclass speaks its wire format.
/// </summary>
public abstract class LoopbackProviderServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ProviderServerFault> _faults = new();
    private readonly ConcurrentQueue<JsonObject> _requests = new();
    private readonly ConcurrentQueue<string> _paths = new();
    private WebApplication? _app;
    private int _requestCount;
    private int _modelListCount;

    protected LoopbackProviderServer(IChatClient? backend) => Backend = backend ?? new SchemaEchoChatClient();

    /// <summary>Gets the root address, e.g. http://127.0.0.1:5123/.</summary>
    public Uri RootAddress { get; private set; } = null!;

    /// <summary>Gets or sets the key the server accepts; <see langword="null"/> accepts any (or none).</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>Gets or sets the Retry-After seconds sent with 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Gets the chat request bodies received so far (including failed ones).</summary>
    public IReadOnlyList<JsonObject> Requests => _requests.ToArray();

    /// <summary>Gets the path and query of every chat request.</summary>
    public IReadOnlyList<string> Paths => _paths.ToArray();

    /// <summary>Gets the number of chat requests received.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Gets the number of model-list requests (the CLI's endpoint check).</summary>
    public int ModelListCount => Volatile.Read(ref _modelListCount);

    protected IChatClient Backend { get; }

    /// <summary>Makes the next chat request(s) fail with <paramref name="fault"/>.</summary>
    public void EnqueueFault(ProviderServerFault fault, int times = 1)
    {
        for (int i = 0; i < times; i++)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Starts <paramref name="server"/> on a free loopback port.</summary>
    protected static async Task<T> StartAsync<T>(T server, CancellationToken cancellationToken)
        where T : LoopbackProviderServer
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        server.MapRoutes(app);
        await app.StartAsync(cancellationToken);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.RootAddress = new Uri(address.TrimEnd('/') + "/");
        server._app = app;
        return server;
    }

    /// <summary>Maps the vendor's chat and model-list routes.</summary>
    protected abstract void MapRoutes(WebApplication app);

    /// <summary>Reads the key the request carries in the vendor's header.</summary>
    protected abstract string? ReadApiKey(HttpRequest request);

    /// <summary>Writes the vendor's error body.</summary>
    protected abstract Task WriteErrorAsync(HttpContext context, int status, string type, string message);

    /// <summary>Writes a reply with no message, in the vendor's format.</summary>
    protected abstract Task WriteEmptyReplyAsync(HttpContext context);

    /// <summary>Counts a model-list request and answers 401 when the key is wrong; returns whether to go on.</summary>
    protected async Task<bool> AcceptModelListAsync(HttpContext context)
    {
        Interlocked.Increment(ref _modelListCount);
        if (RequiredApiKey is not null && ReadApiKey(context.Request) != RequiredApiKey)
        {
            await WriteErrorAsync(context, 401, "authentication_error", "invalid x-api-key");
            return false;
        }

        return true;
    }

    /// <summary>Reads and records a chat request, then applies the key check and the next queued fault.
    /// Returns the body when the request should be answered normally, <see langword="null"/> when a failure was written.</summary>
    protected async Task<JsonObject?> AcceptChatAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requestCount);
        JsonObject body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!;
        _requests.Enqueue(body);
        _paths.Enqueue(context.Request.Path + context.Request.QueryString);
        if (RequiredApiKey is not null && ReadApiKey(context.Request) != RequiredApiKey)
        {
            await WriteErrorAsync(context, 401, "authentication_error", "invalid api key");
            return null;
        }

        if (!_faults.TryDequeue(out ProviderServerFault fault))
        {
            return body;
        }

        switch (fault)
        {
            case ProviderServerFault.RateLimited:
                context.Response.Headers["Retry-After"] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteErrorAsync(context, 429, "rate_limit_error", "Rate limit reached.");
                break;
            case ProviderServerFault.ServerError:
                await WriteErrorAsync(context, 500, "api_error", "The server had an error.");
                break;
            case ProviderServerFault.Unauthorized:
                await WriteErrorAsync(context, 401, "authentication_error", "invalid api key");
                break;
            case ProviderServerFault.EmptyReply:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await WriteEmptyReplyAsync(context);
                break;
        }

        return null;
    }

    /// <summary>Rough token counts for the usage fields (the backend's own when it reports them).</summary>
    protected static (long Input, long Output) Usage(IEnumerable<ChatMessage> messages, ChatResponse response) =>
        (response.Usage?.InputTokenCount ?? (messages.Sum(m => (long)m.Text.Length) / 4) + 1, response.Usage?.OutputTokenCount ?? (response.Text.Length / 4) + 1);
}
