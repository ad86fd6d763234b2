using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Tests.Fakes;

/// <summary>
/// An Anthropic Messages API server on loopback: POST <c>/v1/messages</c> authenticated with the key (structured
/// output through <c>output_format</c> / <c>output_config</c> JSON schemas, or a forced tool's <c>input_schema</c>; plain or
/// server-sent events when <c>stream</c> is true), GET <c>/v1/models</c>, and Anthropic's error bodies.
/// </summary>
public sealed class FakeAnthropicServer : LoopbackProviderServer
{
    private FakeAnthropicServer(IChatClient? backend)
        : base(backend)
    {
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static Task<FakeAnthropicServer> StartAsync(IChatClient? backend = null, CancellationToken cancellationToken = default) =>
        StartAsync(new FakeAnthropicServer(backend), cancellationToken);

    protected override void MapRoutes(WebApplication app)
    {
        app.MapPost("/v1/messages", HandleChatAsync);
        app.MapGet("/v1/models", async context =>
        {
            if (await AcceptModelListAsync(context))
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(
                    "{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-5\",\"display_name\":\"Claude Sonnet 4.5\",\"created_at\":\"2025-01-01T00:00:00Z\"}],"
                    + "\"has_more\":false,\"first_id\":\"claude-sonnet-4-5\",\"last_id\":\"claude-sonnet-4-5\"}");
            }
        });
    }

    /// <summary>The key from <c>x-api-key</c>, or from <c>Authorization: Bearer</c> as the official SDK 13.x sends it.</summary>
    protected override string? ReadApiKey(HttpRequest request) =>
        request.Headers["x-api-key"].FirstOrDefault()
        ?? (request.Headers.Authorization.FirstOrDefault() is { } value && value.StartsWith("Bearer ", StringComparison.Ordinal) ? value[7..] : null);

    protected override Task WriteErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
        }.ToJsonString());
    }

    protected override Task WriteEmptyReplyAsync(HttpContext context) =>
        context.Response.WriteAsync("{\"id\":\"msg_empty\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}");

    /// <summary>Maps a Messages API body to M.E.AI messages and options for the backend.</summary>
    internal static (List<ChatMessage> Messages, ChatOptions Options) ToChatRequest(JsonObject body)
    {
        var messages = new List<ChatMessage>();
        if (body["system"] is { } system)
        {
            messages.Add(new ChatMessage(ChatRole.System, Text(system)));
        }

        foreach (JsonNode? message in body["messages"]!.AsArray())
        {
            messages.Add(new ChatMessage(new ChatRole(message!["role"]!.GetValue<string>()), Text(message["content"])));
        }

        var options = new ChatOptions
        {
            ModelId = body["model"]?.GetValue<string>(),
            Temperature = body["temperature"]?.GetValue<float>(),
            MaxOutputTokens = body["max_tokens"]?.GetValue<int>(),
        };
        JsonNode? schema = body["output_format"]?["schema"] ?? body["output_config"]?["format"]?["schema"];
        if (schema is not null)
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonSerializer.Deserialize<JsonElement>(schema.ToJsonString()));
        }

        return (messages, options);
    }

    private static string Text(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray blocks => string.Concat(blocks.Select(b => b?["text"]?.GetValue<string>())),
        _ => string.Empty,
    };

    private async Task HandleChatAsync(HttpContext context)
    {
        if (await AcceptChatAsync(context) is not { } body)
        {
            return;
        }

        (List<ChatMessage> messages, ChatOptions options) = ToChatRequest(body);
        ChatResponse response = await Backend.GetResponseAsync(messages, options, context.RequestAborted);
        (long input, long output) = Usage(messages, response);
        string model = options.ModelId ?? "claude-sonnet-4-5";
        string stopReason = response.FinishReason == ChatFinishReason.Length ? "max_tokens" : "end_turn";
        string id = $"msg_{RequestCount}";
        if (body["stream"]?.GetValue<bool>() == true)
        {
            context.Response.ContentType = "text/event-stream";
            await EventAsync(context, "message_start", new JsonObject
            {
                ["type"] = "message_start",
                ["message"] = new JsonObject
                {
                    ["id"] = id, ["type"] = "message", ["role"] = "assistant", ["model"] = model, ["content"] = new JsonArray(),
                    ["stop_reason"] = null, ["stop_sequence"] = null, ["usage"] = new JsonObject { ["input_tokens"] = input, ["output_tokens"] = 1 },
                },
            });
            await EventAsync(context, "content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = string.Empty } });
            await EventAsync(context, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = response.Text } });
            await EventAsync(context, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
            await EventAsync(context, "message_delta", new JsonObject { ["type"] = "message_delta", ["delta"] = new JsonObject { ["stop_reason"] = stopReason, ["stop_sequence"] = null }, ["usage"] = new JsonObject { ["output_tokens"] = output } });
            await EventAsync(context, "message_stop", new JsonObject { ["type"] = "message_stop" });
            return;
        }

        var reply = new JsonObject
        {
            ["id"] = id,
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = model,
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = response.Text }),
            ["stop_reason"] = stopReason,
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject { ["input_tokens"] = input, ["output_tokens"] = output },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.ToJsonString(), context.RequestAborted);
    }

    private static async Task EventAsync(HttpContext context, string name, JsonObject data)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
