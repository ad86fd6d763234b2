using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge.Cli.Providers;

/// <summary>
/// Undoes what strict structured output does to optional properties. Microsoft.Extensions.AI.OpenAI rewrites a JSON
/// schema for OpenAI's strict mode so that every property is required and optional ones become nullable; a model then
/// answers <c>"field": null</c> where PromptForge's schema had no such field, and a non-nullable C# property (an
/// optional number with a default) would fail to parse. This removes a <c>null</c> property when the caller's original
/// schema neither requires it nor allows null, so the answer parses as if the property had been left out.
/// </summary>
internal static class StrictSchemaReplyNormalizer
{
    /// <summary>Normalizes <paramref name="text"/> against <paramref name="schema"/>; text that is not a JSON object or needs no change is returned as is.</summary>
    /// <param name="text">The model's answer.</param>
    /// <param name="schema">The schema the caller asked for (before any provider rewrite).</param>
    public static string Normalize(string text, JsonElement schema)
    {
        if (!text.Contains("null", StringComparison.Ordinal))
        {
            return text;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            // Not JSON: the gateway's repair round deals with it.
            return text;
        }

        return Strip(root, schema, schema, depth: 0) ? root!.ToJsonString() : text;
    }

    private static bool Strip(JsonNode? node, JsonElement schema, JsonElement root, int depth)
    {
        if (depth > 32 || schema.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        schema = Resolve(schema, root);
        bool changed = false;
        if (node is JsonObject obj && schema.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object)
        {
            var required = schema.TryGetProperty("required", out JsonElement list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(r => r.GetString()).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach ((string name, JsonNode? value) in obj.ToList())
            {
                if (!properties.TryGetProperty(name, out JsonElement propertySchema))
                {
                    continue;
                }

                if (value is null && !required.Contains(name) && !AllowsNull(Resolve(propertySchema, root)))
                {
                    obj.Remove(name);
                    changed = true;
                }
                else
                {
                    changed |= Strip(value, propertySchema, root, depth + 1);
                }
            }
        }
        else if (node is JsonArray array && schema.TryGetProperty("items", out JsonElement items))
        {
            foreach (JsonNode? item in array)
            {
                changed |= Strip(item, items, root, depth + 1);
            }
        }

        return changed;
    }

    private static bool AllowsNull(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        if (schema.TryGetProperty("type", out JsonElement type))
        {
            return type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Any(t => t.GetString() == "null")
                : type.GetString() == "null";
        }

        foreach (string combinator in new[] { "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(combinator, out JsonElement options) && options.ValueKind == JsonValueKind.Array)
            {
                return options.EnumerateArray().Any(AllowsNull);
            }
        }

        // No type constraint at all: null is a valid value.
        return !schema.TryGetProperty("$ref", out _) && !schema.TryGetProperty("enum", out _) && !schema.TryGetProperty("const", out _);
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement root)
    {
        for (int i = 0; i < 8 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out JsonElement reference)
            && reference.GetString() is { } path && path.StartsWith("#/", StringComparison.Ordinal); i++)
        {
            JsonElement target = root;
            foreach (string part in path[2..].Split('/'))
            {
                if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(part, out target))
                {
                    return schema;
                }
            }

            schema = target;
        }

        return schema;
    }
}
