using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PromptForge.Simulation.Tests;

/// <summary>A small JSON schema validator for tests: type, enum, const, required, properties, additionalProperties, items, bounds, combinators, $ref.</summary>
internal static class JsonSchemaTestValidator
{
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Validate(schema, schema, instance, "$", errors, 0);
        return errors;
    }

    private static void Validate(JsonElement root, JsonElement schema, JsonElement instance, string path, List<string> errors, int depth)
    {
        if (depth > 64)
        {
            errors.Add($"{path}: nesting too deep");
            return;
        }

        if (schema.ValueKind is JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind is JsonValueKind.False)
        {
            errors.Add($"{path}: schema false");
            return;
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            Validate(root, Resolve(root, reference.GetString()!), instance, path, errors, depth + 1);
            return;
        }

        if (schema.TryGetProperty("const", out JsonElement constant) && !JsonElement.DeepEquals(constant, instance))
        {
            errors.Add($"{path}: expected const {constant.GetRawText()}");
        }

        if (schema.TryGetProperty("enum", out JsonElement enumeration) && !enumeration.EnumerateArray().Any(e => JsonElement.DeepEquals(e, instance)))
        {
            errors.Add($"{path}: {instance.GetRawText()} is not in enum {enumeration.GetRawText()}");
        }

        if (schema.TryGetProperty("anyOf", out JsonElement anyOf) && !anyOf.EnumerateArray().Any(s => Validate(root, s, instance, depth).Count == 0))
        {
            errors.Add($"{path}: matches no anyOf alternative");
        }

        if (schema.TryGetProperty("oneOf", out JsonElement oneOf) && oneOf.EnumerateArray().Count(s => Validate(root, s, instance, depth).Count == 0) != 1)
        {
            errors.Add($"{path}: does not match exactly one oneOf alternative");
        }

        if (schema.TryGetProperty("allOf", out JsonElement allOf))
        {
            foreach (JsonElement s in allOf.EnumerateArray())
            {
                Validate(root, s, instance, path, errors, depth + 1);
            }
        }

        if (schema.TryGetProperty("type", out JsonElement type))
        {
            string[] types = type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!];
            if (!types.Any(t => HasType(instance, t)))
            {
                errors.Add($"{path}: {instance.ValueKind} is not of type {string.Join("|", types)}");
                return;
            }
        }

        switch (instance.ValueKind)
        {
            case JsonValueKind.Object:
                ValidateObject(root, schema, instance, path, errors, depth);
                break;
            case JsonValueKind.Array:
                int count = instance.GetArrayLength();
                if (GetNumber(schema, "minItems") is double minItems && count < minItems)
                {
                    errors.Add($"{path}: {count} items < minItems {minItems}");
                }

                if (GetNumber(schema, "maxItems") is double maxItems && count > maxItems)
                {
                    errors.Add($"{path}: {count} items > maxItems {maxItems}");
                }

                if (schema.TryGetProperty("uniqueItems", out JsonElement unique) && unique.ValueKind == JsonValueKind.True
                    && instance.EnumerateArray().Select(i => i.GetRawText()).Distinct().Count() != count)
                {
                    errors.Add($"{path}: items are not unique");
                }

                if (schema.TryGetProperty("items", out JsonElement items))
                {
                    int index = 0;
                    foreach (JsonElement item in instance.EnumerateArray())
                    {
                        Validate(root, items, item, $"{path}[{index++}]", errors, depth + 1);
                    }
                }

                break;
            case JsonValueKind.Number:
                double value = instance.GetDouble();
                if (GetNumber(schema, "minimum") is double min && value < min)
                {
                    errors.Add($"{path}: {value} < minimum {min}");
                }

                if (GetNumber(schema, "maximum") is double max && value > max)
                {
                    errors.Add($"{path}: {value} > maximum {max}");
                }

                if (GetNumber(schema, "exclusiveMinimum") is double exMin && value <= exMin)
                {
                    errors.Add($"{path}: {value} <= exclusiveMinimum {exMin}");
                }

                if (GetNumber(schema, "exclusiveMaximum") is double exMax && value >= exMax)
                {
                    errors.Add($"{path}: {value} >= exclusiveMaximum {exMax}");
                }

                break;
            case JsonValueKind.String:
                string text = instance.GetString()!;
                if (GetNumber(schema, "minLength") is double minLength && text.Length < minLength)
                {
                    errors.Add($"{path}: length {text.Length} < minLength {minLength}");
                }

                if (GetNumber(schema, "maxLength") is double maxLength && text.Length > maxLength)
                {
                    errors.Add($"{path}: length {text.Length} > maxLength {maxLength}");
                }

                if (schema.TryGetProperty("pattern", out JsonElement pattern) && !Regex.IsMatch(text, pattern.GetString()!))
                {
                    errors.Add($"{path}: '{text}' does not match pattern {pattern.GetString()}");
                }

                if (schema.TryGetProperty("format", out JsonElement format) && format.GetString() == "date-time"
                    && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
                {
                    errors.Add($"{path}: '{text}' is not a date-time");
                }

                break;
        }
    }

    private static List<string> Validate(JsonElement root, JsonElement schema, JsonElement instance, int depth)
    {
        var errors = new List<string>();
        Validate(root, schema, instance, "$", errors, depth + 1);
        return errors;
    }

    private static void ValidateObject(JsonElement root, JsonElement schema, JsonElement instance, string path, List<string> errors, int depth)
    {
        if (schema.TryGetProperty("required", out JsonElement required))
        {
            foreach (JsonElement name in required.EnumerateArray())
            {
                if (!instance.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add($"{path}: missing required property '{name.GetString()}'");
                }
            }
        }

        schema.TryGetProperty("properties", out JsonElement properties);
        schema.TryGetProperty("additionalProperties", out JsonElement additional);
        foreach (JsonProperty property in instance.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out JsonElement propertySchema))
            {
                Validate(root, propertySchema, property.Value, $"{path}.{property.Name}", errors, depth + 1);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                errors.Add($"{path}: unexpected property '{property.Name}'");
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Validate(root, additional, property.Value, $"{path}.{property.Name}", errors, depth + 1);
            }
        }
    }

    private static bool HasType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && instance.TryGetInt64(out _),
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException(type),
    };

    private static double? GetNumber(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static JsonElement Resolve(JsonElement root, string reference)
    {
        JsonElement current = root;
        foreach (string segment in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current.ValueKind == JsonValueKind.Array ? current[int.Parse(segment, CultureInfo.InvariantCulture)] : current.GetProperty(segment.Replace("~1", "/").Replace("~0", "~"));
        }

        return current;
    }
}
