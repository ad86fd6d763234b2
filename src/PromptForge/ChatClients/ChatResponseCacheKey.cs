using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>
/// Computes the cache key of a chat request: SHA-256 over a canonical JSON (object keys sorted) of everything that can
/// change the answer — the messages (roles, contents), every serialized <see cref="ChatOptions"/> property (model,
/// temperature, max tokens, response format and schema, seed, stop sequences, additional properties such as the
/// PromptForge role tag), the tools' names, descriptions and schemas, and the backend (provider, endpoint, default model).
/// </summary>
/// <remarks>
/// Message timestamps and ids are left out: they change between runs without changing the answer, and would defeat replay.
/// The JSON is our own canonical form rather than <see cref="AIJsonUtilities.HashDataToString"/>, whose output is not
/// guaranteed to be stable across library versions; a file cache must survive upgrades.
/// </remarks>
internal static class ChatResponseCacheKey
{
    /// <summary>Bumped when the key's shape changes, so old entries are no longer hit.</summary>
    private const int KeyVersion = 1;

    private static readonly HashSet<string> VolatileMessageProperties = new(StringComparer.Ordinal) { "createdAt", "messageId" };

    /// <summary>Computes the key.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options.</param>
    /// <param name="backend">The backend's metadata (provider, endpoint, default model).</param>
    /// <param name="scope">A caller-chosen value that separates otherwise identical requests.</param>
    /// <param name="additionalValues">Further values that inform the key (DistributedCachingChatClient.CacheKeyAdditionalValues); left out when empty, so keys without them keep their value.</param>
    /// <param name="serializerOptions">The serializer of messages, options and additional values; <see langword="null"/> uses <see cref="AIJsonUtilities.DefaultOptions"/>.</param>
    public static string Compute(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        ChatClientMetadata? backend,
        string? scope,
        IReadOnlyList<object?>? additionalValues = null,
        JsonSerializerOptions? serializerOptions = null)
    {
        var serializer = serializerOptions ?? AIJsonUtilities.DefaultOptions;
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", KeyVersion);
            writer.WriteString("scope", scope);
            writer.WriteString("provider", backend?.ProviderName);
            writer.WriteString("endpoint", backend?.ProviderUri?.ToString());
            writer.WriteString("default_model", backend?.DefaultModelId);

            writer.WritePropertyName("messages");
            writer.WriteStartArray();
            foreach (var message in messages)
            {
                var node = JsonSerializer.SerializeToNode(message, serializer.GetTypeInfo(typeof(ChatMessage)));
                if (node is JsonObject obj)
                {
                    foreach (var name in VolatileMessageProperties)
                    {
                        obj.Remove(name);
                    }
                }

                WriteCanonical(writer, node);
            }

            writer.WriteEndArray();

            writer.WritePropertyName("options");
            WriteCanonical(writer, options is null ? null : JsonSerializer.SerializeToNode(options, serializer.GetTypeInfo(typeof(ChatOptions))));

            // Tools are not part of ChatOptions' JSON contract; their declarations are added explicitly.
            writer.WritePropertyName("tools");
            writer.WriteStartArray();
            foreach (var tool in options?.Tools ?? [])
            {
                writer.WriteStartObject();
                writer.WriteString("type", tool.GetType().Name);
                writer.WriteString("name", tool.Name);
                writer.WriteString("description", tool.Description);
                if (tool is AIFunctionDeclaration function)
                {
                    writer.WritePropertyName("schema");
                    WriteCanonical(writer, JsonSerializer.SerializeToNode(function.JsonSchema, serializer.GetTypeInfo(typeof(JsonElement))));
                    writer.WritePropertyName("return_schema");
                    WriteCanonical(writer, function.ReturnJsonSchema is { } returns ? JsonSerializer.SerializeToNode(returns, serializer.GetTypeInfo(typeof(JsonElement))) : null);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();

            if (additionalValues is { Count: > 0 })
            {
                writer.WritePropertyName("additional");
                writer.WriteStartArray();
                foreach (var value in additionalValues)
                {
                    WriteCanonical(writer, value is null ? null : JsonSerializer.SerializeToNode(value, serializer.GetTypeInfo(value.GetType())));
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return "promptforge.chat.v1." + Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <summary>Writes <paramref name="node"/> with object properties in ordinal order, so equal requests give equal bytes.</summary>
    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
