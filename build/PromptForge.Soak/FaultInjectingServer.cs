using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PromptForge.Simulation;

namespace PromptForge.Soak;

/// <summary>
/// A loopback OpenAI-compatible chat-completions server whose answers come from the offline simulator and which fails a
/// share of requests the way real providers do: 429 with Retry-After, 500, 502 with an HTML body, truncated JSON, an
/// empty <c>choices</c> list, a slow reply. Its own small server (HttpListener) so the soak depends on no test project.
/// </summary>
internal sealed class FaultInjectingServer : IAsyncDisposable
{
    public static readonly string[] FaultNames = ["429 Retry-After: 0", "500", "502 HTML", "truncated JSON", "empty choices", "slow reply (3 s)"];

    private readonly HttpListener _listener = new();
    private readonly IChatClient _backend = new SimulatedChatClient();
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly double _faultRate;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _requests;
    private int _faults;

    private FaultInjectingServer(double faultRate, int seed)
    {
        _faultRate = faultRate;
        _random = new Random(seed);
    }

    public string BaseAddress { get; private set; } = string.Empty;

    public int Requests => Volatile.Read(ref _requests);

    public int Faults => Volatile.Read(ref _faults);

    public static FaultInjectingServer Start(double faultRate, int seed)
    {
        var server = new FaultInjectingServer(faultRate, seed);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            server._listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            server.BaseAddress = $"http://127.0.0.1:{port}/v1";
        }

        server._listener.Start();
        server._loop = Task.Run(server.AcceptLoopAsync);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _listener.Close();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            var response = context.Response;
            if (context.Request.HttpMethod == "GET" && context.Request.Url!.AbsolutePath.EndsWith("/models", StringComparison.Ordinal))
            {
                await WriteAsync(response, 200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"soak-model\",\"object\":\"model\",\"created\":0,\"owned_by\":\"soak\"}]}");
                return;
            }

            int id = Interlocked.Increment(ref _requests);
            JsonObject body = (JsonObject)(await JsonNode.ParseAsync(context.Request.InputStream))!;
            int fault = NextFault();
            switch (fault)
            {
                case 0:
                    response.Headers["Retry-After"] = "0";
                    await WriteAsync(response, 429, "application/json", "{\"error\":{\"message\":\"Rate limit reached.\",\"type\":\"rate_limit_exceeded\",\"code\":\"rate_limit_exceeded\"}}");
                    return;
                case 1:
                    await WriteAsync(response, 500, "application/json", "{\"error\":{\"message\":\"The server had an error.\",\"type\":\"server_error\",\"code\":\"server_error\"}}");
                    return;
                case 2:
                    await WriteAsync(response, 502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>");
                    return;
                case 3:
                    await WriteAsync(response, 200, "application/json", "{\"id\": \"chatcmpl-broken\", \"choices\": [ {\"message\": ");
                    return;
                case 4:
                    await WriteAsync(response, 200, "application/json", $"{{\"id\":\"chatcmpl-{id}\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"soak-model\",\"choices\":[]}}");
                    return;
                case 5:
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    break;
            }

            var (messages, options) = ToChatRequest(body);
            ChatResponse reply = await _backend.GetResponseAsync(messages, options);
            long input = messages.Sum(m => (long)m.Text.Length) / 4 + 1;
            long output = reply.Text.Length / 4 + 1;
            var completion = new JsonObject
            {
                ["id"] = $"chatcmpl-{id}",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000 + id,
                ["model"] = options.ModelId ?? "soak-model",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = input, ["completion_tokens"] = output, ["total_tokens"] = input + output },
            };
            await WriteAsync(response, 200, "application/json", completion.ToJsonString());
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or JsonException)
        {
            // The client went away or sent garbage: nothing to answer.
        }
    }

    /// <summary>-1 for no fault, else the index of a fault in <see cref="FaultNames"/>.</summary>
    private int NextFault()
    {
        lock (_randomLock)
        {
            if (_random.NextDouble() >= _faultRate)
            {
                return -1;
            }

            Interlocked.Increment(ref _faults);
            return _random.Next(FaultNames.Length);
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, string body)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    /// <summary>Maps an OpenAI request body to messages and options for the simulator.</summary>
    private static (List<ChatMessage> Messages, ChatOptions Options) ToChatRequest(JsonObject body)
    {
        var messages = new List<ChatMessage>();
        foreach (JsonNode? node in body["messages"]?.AsArray() ?? [])
        {
            JsonNode? content = node?["content"];
            string text = content is JsonArray parts ? string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())) : content?.GetValue<string>() ?? string.Empty;
            messages.Add(new ChatMessage(new ChatRole(node?["role"]?.GetValue<string>() ?? "user"), text));
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
