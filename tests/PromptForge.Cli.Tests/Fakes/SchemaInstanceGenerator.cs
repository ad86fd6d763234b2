using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge.Cli.Tests.Fakes;

/// <summary>Builds a JSON value that satisfies a (simple) JSON schema: the canned content of the fake server.</summary>
internal static class SchemaInstanceGenerator
{
    public static JsonNode? Generate(JsonElement schema) => Generate(schema, schema, depth: 0);

    private static JsonNode? Generate(JsonElement schema, JsonElement root, int depth)
    {
        if (depth > 16 || schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference) && reference.GetString() is { } path && path.StartsWith("#/", StringComparison.Ordinal))
        {
            JsonElement target = root;
            foreach (string part in path[2..].Split('/'))
            {
                target = target.GetProperty(part);
            }

            return Generate(target, root, depth + 1);
        }

        if (schema.TryGetProperty("const", out JsonElement constant))
        {
            return JsonNode.Parse(constant.GetRawText());
        }

        if (schema.TryGetProperty("enum", out JsonElement values) && values.GetArrayLength() > 0)
        {
            return JsonNode.Parse(values[0].GetRawText());
        }

        foreach (string combinator in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out JsonElement options) && options.GetArrayLength() > 0)
            {
                JsonElement first = options.EnumerateArray().FirstOrDefault(o => !IsNullType(o), options[0]);
                return Generate(first, root, depth + 1);
            }
        }

        string type = "object";
        if (schema.TryGetProperty("type", out JsonElement typeElement))
        {
            type = typeElement.ValueKind == JsonValueKind.Array
                ? typeElement.EnumerateArray().Select(t => t.GetString()!).FirstOrDefault(t => t != "null") ?? "null"
                : typeElement.GetString()!;
        }

        switch (type)
        {
            case "string":
                return "simulated text";
            case "integer":
                return schema.TryGetProperty("minimum", out JsonElement min) ? min.GetInt64() : 1;
            case "number":
                return schema.TryGetProperty("minimum", out JsonElement nmin) ? nmin.GetDouble() : 0.5;
            case "boolean":
                return true;
            case "null":
                return null;
            case "array":
                var array = new JsonArray();
                int count = schema.TryGetProperty("minItems", out JsonElement minItems) ? Math.Max(1, minItems.GetInt32()) : 1;
                for (int i = 0; i < count && schema.TryGetProperty("items", out JsonElement items); i++)
                {
                    array.Add(Generate(items, root, depth + 1));
                }

                return array;
            default:
                var obj = new JsonObject();
                if (schema.TryGetProperty("properties", out JsonElement properties))
                {
                    foreach (JsonProperty property in properties.EnumerateObject())
                    {
                        obj[property.Name] = Generate(property.Value, root, depth + 1);
                    }
                }

                return obj;
        }
    }

    private static bool IsNullType(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out JsonElement t)
        && t.ValueKind == JsonValueKind.String && t.GetString() == "null";
}
