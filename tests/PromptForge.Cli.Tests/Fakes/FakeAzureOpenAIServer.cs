using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Tests.Fakes;

/// <summary>
/// An Azure OpenAI data-plane server on loopback: POST <c>/openai/deployments/{deployment}/chat/completions?api-version=...</c>
/// authenticated with the <c>api-key</c> header (OpenAI's chat-completions body and reply, plain or streamed), and GET <c>/openai/models</c>.
/// Requests without <c>api-version</c> get 404, as Azure answers them.
/// </summary>
public sealed class FakeAzureOpenAIServer : LoopbackProviderServer
{
    private FakeAzureOpenAIServer(IChatClient? backend)
        : base(backend)
    {
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static Task<FakeAzureOpenAIServer> StartAsync(IChatClient? backend = null, CancellationToken cancellationToken = default) =>
        StartAsync(new FakeAzureOpenAIServer(backend), cancellationToken);

    /// <summary>Gets the embeddings route (<c>POST /openai/deployments/{deployment}/embeddings</c>, OpenAI's wire format) and what it received.</summary>
    public FakeEmbeddings Embeddings { get; } = new();

    /// <summary>Gets the deployments the embeddings route was called for.</summary>
    public IReadOnlyList<string> EmbeddingDeployments => [.. _embeddingDeployments];

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _embeddingDeployments = new();

    protected override void MapRoutes(WebApplication app)
    {
        app.MapPost("/openai/deployments/{deployment}/chat/completions", HandleChatAsync);
        app.MapPost("/openai/deployments/{deployment}/embeddings", (HttpContext context, string deployment) =>
        {
            _embeddingDeployments.Enqueue(deployment);
            return ReadApiKey(context.Request) == RequiredApiKey || RequiredApiKey is null
                ? Embeddings.HandleOpenAIAsync(context)
                : WriteErrorAsync(context, 401, "invalid_api_key", "Access denied due to invalid subscription key.");
        });
        app.MapGet("/openai/models", async context =>
        {
            if (await AcceptModelListAsync(context))
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\",\"created\":0,\"owned_by\":\"system\"}]}");
            }
        });
    }

    protected override string? ReadApiKey(HttpRequest request) => request.Headers["api-key"].FirstOrDefault();

    protected override Task WriteErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture), ["message"] = message } }.ToJsonString());
    }

    protected override Task WriteEmptyReplyAsync(HttpContext context) =>
        context.Response.WriteAsync("{\"id\":\"chatcmpl-empty\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[]}");

    private async Task HandleChatAsync(HttpContext context)
    {
        if (string.IsNullOrEmpty(context.Request.Query["api-version"]))
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (await AcceptChatAsync(context) is not { } body)
        {
            return;
        }

        string deployment = (string)context.Request.RouteValues["deployment"]!;
        (List<ChatMessage> messages, ChatOptions options) = FakeOpenAIServer.ToChatRequest(body);
        ChatResponse response = await Backend.GetResponseAsync(messages, options, context.RequestAborted);
        (long input, long output) = Usage(messages, response);
        if (body["stream"]?.GetValue<bool>() == true)
        {
            context.Response.ContentType = "text/event-stream";
            foreach ((JsonObject delta, string? finish) in new[] { (new JsonObject { ["role"] = "assistant", ["content"] = response.Text }, (string?)null), (new JsonObject(), "stop") })
            {
                var chunk = new JsonObject
                {
                    ["id"] = $"chatcmpl-{RequestCount}",
                    ["object"] = "chat.completion.chunk",
                    ["created"] = 1_700_000_000 + RequestCount,
                    ["model"] = deployment,
                    ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
                };
                await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", context.RequestAborted);
            }

            await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
            return;
        }

        var completion = new JsonObject
        {
            ["id"] = $"chatcmpl-{RequestCount}",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000 + RequestCount,
            ["model"] = deployment,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = response.Text },
                ["finish_reason"] = response.FinishReason == ChatFinishReason.Length ? "length" : "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = input, ["completion_tokens"] = output, ["total_tokens"] = input + output },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(completion.ToJsonString(), context.RequestAborted);
    }
}
