using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PromptForge.Cli.Tests.Fakes;

/// <summary>
/// The embedding routes of the loopback servers: OpenAI's <c>POST /embeddings</c> (float or base64 vectors, as the SDK asks)
/// and Ollama's <c>POST /api/embed</c>. Vectors are a deterministic function of the text (hashed character trigrams,
/// L2-normalized), so equal texts get equal vectors and a test can check what was embedded.
/// </summary>
public sealed class FakeEmbeddings
{
    public const int Dimensions = 64;

    private readonly ConcurrentQueue<JsonObject> _requests = new();

    /// <summary>Gets the embedding request bodies received so far.</summary>
    public IReadOnlyList<JsonObject> Requests => _requests.ToArray();

    /// <summary>Gets every text embedded so far, in request order.</summary>
    public IReadOnlyList<string> Texts => _requests.SelectMany(Inputs).ToList();

    /// <summary>The vector of <paramref name="text"/>.</summary>
    public static float[] Vector(string text)
    {
        var vector = new float[Dimensions];
        string padded = $"  {text.ToLowerInvariant()}  ";
        for (int i = 0; i + 3 <= padded.Length; i++)
        {
            uint hash = 2166136261;
            foreach (char c in padded.AsSpan(i, 3))
            {
                hash = (hash ^ c) * 16777619;
            }

            vector[hash % Dimensions] += 1;
        }

        float norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : vector.Select(v => v / norm).ToArray();
    }

    /// <summary>OpenAI's wire format.</summary>
    public async Task HandleOpenAIAsync(HttpContext context)
    {
        JsonObject body = await ReadAsync(context);
        bool base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        int index = 0;
        foreach (string text in Inputs(body))
        {
            float[] vector = Vector(text);
            data.Add(new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = index++,
                ["embedding"] = base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan())) : new JsonArray(vector.Select(v => (JsonNode)v).ToArray()),
            });
        }

        await WriteAsync(context, new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = body["model"]?.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = index, ["total_tokens"] = index },
        });
    }

    /// <summary>Ollama's wire format.</summary>
    public async Task HandleOllamaAsync(HttpContext context)
    {
        JsonObject body = await ReadAsync(context);
        var embeddings = new JsonArray(Inputs(body).Select(t => (JsonNode)new JsonArray(Vector(t).Select(v => (JsonNode)v).ToArray())).ToArray());
        await WriteAsync(context, new JsonObject { ["model"] = body["model"]?.GetValue<string>(), ["embeddings"] = embeddings, ["prompt_eval_count"] = embeddings.Count });
    }

    private static IEnumerable<string> Inputs(JsonObject body) => body["input"] switch
    {
        JsonArray array => array.Select(i => i!.GetValue<string>()),
        JsonNode single => [single.GetValue<string>()],
        null => [],
    };

    private async Task<JsonObject> ReadAsync(HttpContext context)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!;
        _requests.Enqueue(body);
        return body;
    }

    private static Task WriteAsync(HttpContext context, JsonObject reply)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(reply.ToJsonString(), context.RequestAborted);
    }
}
