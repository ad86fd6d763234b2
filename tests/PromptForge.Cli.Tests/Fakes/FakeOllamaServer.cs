using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Tests.Fakes;

/// <summary>
/// An Ollama server on loopback speaking its native API: POST <c>/api/chat</c> (structured output through <c>format</c>,
/// a JSON schema or <c>"json"</c>; one JSON reply, or NDJSON chunks when <c>stream</c> is true) and GET <c>/api/tags</c>.
/// Ollama has no keys; <see cref="LoopbackProviderServer.RequiredApiKey"/> checks a bearer token as a proxy in front of it would.
/// </summary>
public sealed class FakeOllamaServer : LoopbackProviderServer
{
    private FakeOllamaServer(IChatClient? backend)
        : base(backend)
    {
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static Task<FakeOllamaServer> StartAsync(IChatClient? backend = null, CancellationToken cancellationToken = default) =>
        StartAsync(new FakeOllamaServer(backend), cancellationToken);

    /// <summary>Gets the embeddings route (<c>POST /api/embed</c>) and what it received.</summary>
    public FakeEmbeddings Embeddings { get; } = new();

    protected override void MapRoutes(WebApplication app)
    {
        app.MapPost("/api/chat", HandleChatAsync);
        app.MapPost("/api/embed", Embeddings.HandleOllamaAsync);
        app.MapGet("/api/tags", async context =>
        {
            if (await AcceptModelListAsync(context))
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"modified_at\":\"2025-01-01T00:00:00Z\",\"size\":1,\"digest\":\"x\"}]}");
            }
        });
    }

    protected override string? ReadApiKey(HttpRequest request) =>
        request.Headers.Authorization.FirstOrDefault() is { } value && value.StartsWith("Bearer ", StringComparison.Ordinal) ? value[7..] : null;

    protected override Task WriteErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject { ["error"] = message }.ToJsonString());
    }

    protected override Task WriteEmptyReplyAsync(HttpContext context) =>
        context.Response.WriteAsync("{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00Z\",\"done\":true,\"done_reason\":\"stop\"}\n");

    /// <summary>Maps an Ollama chat body to M.E.AI messages and options for the backend.</summary>
    internal static (List<ChatMessage> Messages, ChatOptions Options) ToChatRequest(JsonObject body)
    {
        var messages = body["messages"]!.AsArray()
            .Select(m => new ChatMessage(new ChatRole(m!["role"]!.GetValue<string>()), m["content"]?.GetValue<string>() ?? string.Empty))
            .ToList();
        var options = new ChatOptions
        {
            ModelId = body["model"]?.GetValue<string>(),
            Temperature = body["options"]?["temperature"]?.GetValue<float>(),
            MaxOutputTokens = body["options"]?["num_predict"]?.GetValue<int>(),
        };
        options.ResponseFormat = body["format"] switch
        {
            JsonObject schema => ChatResponseFormat.ForJsonSchema(JsonSerializer.Deserialize<JsonElement>(schema.ToJsonString())),
            JsonValue value when value.GetValue<string>() == "json" => ChatResponseFormat.Json,
            _ => null,
        };
        return (messages, options);
    }

    private async Task HandleChatAsync(HttpContext context)
    {
        if (await AcceptChatAsync(context) is not { } body)
        {
            return;
        }

        (List<ChatMessage> messages, ChatOptions options) = ToChatRequest(body);
        ChatResponse response = await Backend.GetResponseAsync(messages, options, context.RequestAborted);
        (long input, long output) = Usage(messages, response);
        string model = options.ModelId ?? "llama3.2";
        context.Response.ContentType = "application/x-ndjson";
        if (body["stream"]?.GetValue<bool>() != false)
        {
            string text = response.Text;
            int half = text.Length / 2;
            foreach (string piece in new[] { text[..half], text[half..] })
            {
                await WriteLineAsync(context, new JsonObject
                {
                    ["model"] = model,
                    ["created_at"] = "2025-01-01T00:00:00Z",
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = piece },
                    ["done"] = false,
                });
            }

            await WriteLineAsync(context, Final(model, string.Empty, input, output, response));
            return;
        }

        await WriteLineAsync(context, Final(model, response.Text, input, output, response));
    }

    private static JsonObject Final(string model, string content, long input, long output, ChatResponse response) => new()
    {
        ["model"] = model,
        ["created_at"] = "2025-01-01T00:00:00Z",
        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
        ["done"] = true,
        ["done_reason"] = response.FinishReason == ChatFinishReason.Length ? "length" : "stop",
        ["prompt_eval_count"] = input,
        ["eval_count"] = output,
    };

    private static async Task WriteLineAsync(HttpContext context, JsonObject line)
    {
        await context.Response.WriteAsync(line.ToJsonString() + "\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
