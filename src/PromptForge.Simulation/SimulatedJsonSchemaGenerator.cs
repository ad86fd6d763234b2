using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PromptForge.Simulation;

/// <summary>
/// Produces JSON that is valid for a JSON schema, with content drawn from the request: every declared property
/// (so required ones are always present), arrays of 1 to 3 items within minItems/maxItems, enum and const values,
/// numbers within minimum/maximum, formatted strings, and <c>$ref</c>/<c>anyOf</c>/<c>oneOf</c>/<c>allOf</c>.
/// </summary>
/// <remarks>
/// The simulator's fallback for roles that no registered <see cref="ISimulatedRoleBehavior"/> claims. The <c>pattern</c> keyword is honored only when one of a few
/// common shapes (a word, a number, a time span, a date) matches it.
/// </remarks>
internal sealed class SimulatedJsonSchemaGenerator
{
    private const int MaxDepth = 8;
    private static readonly string[] s_longTextHints = ["reason", "rationale", "explanation", "motivation", "feedback", "text", "prompt", "input", "output", "message", "description", "evidence", "analysis", "summary", "content", "critique", "suggestion", "instruction", "question"];
    private static readonly string[] s_shortTextHints = ["name", "label", "code", "id", "category", "attribute", "title", "type", "key", "tag", "class", "answer", "verdict", "value"];
    private static readonly string[] s_unitIntervalHints = ["score", "confidence", "probability", "ratio", "rate", "similarity", "weight"];

    private readonly JsonElement _root;
    private readonly Random _random;
    private readonly IReadOnlyList<string> _words;
    private readonly IReadOnlyList<string> _knownIds;
    private int _nextId;

    private SimulatedJsonSchemaGenerator(JsonElement root, Random random, IReadOnlyList<string> words, IReadOnlyList<string> knownIds)
    {
        _root = root;
        _random = random;
        _words = words.Count > 0 ? words : ["simulated", "value"];
        _knownIds = knownIds;
    }

    /// <summary>Generates JSON text valid for <paramref name="schema"/> from the words and random source of a request.</summary>
    /// <param name="schema">The JSON schema.</param>
    /// <param name="request">The request.</param>
    /// <returns>The JSON text.</returns>
    /// <remarks>Properties named <c>id</c> or <c>..._id</c> take the ids the request mentions (<see cref="SimulatedRequestFactory.KnownIds"/>) in order.</remarks>
    public static string Generate(JsonElement schema, SimulatedRoleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Generate(schema, request.Random, SimulatedRequestFactory.Words(request), SimulatedRequestFactory.KnownIds(request));
    }

    /// <summary>Generates JSON text valid for <paramref name="schema"/>.</summary>
    /// <param name="schema">The JSON schema.</param>
    /// <param name="random">The random source.</param>
    /// <param name="words">The words strings are built from.</param>
    /// <param name="knownIds">Ids to use, in order, for properties named <c>id</c> or <c>..._id</c>; none by default.</param>
    /// <returns>The JSON text.</returns>
    public static string Generate(JsonElement schema, Random random, IReadOnlyList<string> words, IReadOnlyList<string>? knownIds = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(words);
        var generator = new SimulatedJsonSchemaGenerator(schema, random, words, knownIds ?? []);
        return SimulatorJson.Write(writer => generator.WriteValue(writer, schema, propertyName: null, depth: 0));
    }

    private void WriteValue(Utf8JsonWriter writer, JsonElement schema, string? propertyName, int depth)
    {
        if (schema.ValueKind == JsonValueKind.True || schema.ValueKind != JsonValueKind.Object)
        {
            writer.WriteStringValue(MakeText(propertyName, null));
            return;
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference) && reference.ValueKind == JsonValueKind.String)
        {
            if (depth >= MaxDepth)
            {
                writer.WriteNullValue();
                return;
            }

            WriteValue(writer, Resolve(reference.GetString()!), propertyName, depth + 1);
            return;
        }

        if (schema.TryGetProperty("const", out JsonElement constant))
        {
            constant.WriteTo(writer);
            return;
        }

        if (schema.TryGetProperty("enum", out JsonElement enumeration) && enumeration.ValueKind == JsonValueKind.Array && enumeration.GetArrayLength() > 0)
        {
            JsonElement[] values = [.. enumeration.EnumerateArray()];
            JsonElement[] nonNull = [.. values.Where(v => v.ValueKind != JsonValueKind.Null)];
            SimulatorText.Pick(_random, nonNull.Length > 0 ? nonNull : values).WriteTo(writer);
            return;
        }

        foreach (string combinator in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(combinator, out JsonElement alternatives) && alternatives.ValueKind == JsonValueKind.Array && alternatives.GetArrayLength() > 0)
            {
                JsonElement[] options = [.. alternatives.EnumerateArray()];
                JsonElement[] nonNull = [.. options.Where(o => !IsNullSchema(o))];
                if (nonNull.Length == 0 || (depth >= MaxDepth && nonNull.Length < options.Length))
                {
                    writer.WriteNullValue();
                    return;
                }

                // The first non-null alternative: oneOf needs exactly one match, and the first is the most specific
                // in the schemas System.Text.Json exports.
                WriteValue(writer, nonNull[0], propertyName, depth + 1);
                return;
            }
        }

        if (schema.TryGetProperty("allOf", out JsonElement all) && all.ValueKind == JsonValueKind.Array && all.GetArrayLength() > 0)
        {
            WriteValue(writer, all[0], propertyName, depth + 1);
            return;
        }

        string type = ChooseType(schema, depth);
        switch (type)
        {
            case "null":
                writer.WriteNullValue();
                break;
            case "object":
                WriteObject(writer, schema, depth);
                break;
            case "array":
                WriteArray(writer, schema, propertyName, depth);
                break;
            case "integer":
                writer.WriteNumberValue(MakeInteger(schema));
                break;
            case "number":
                writer.WriteNumberValue(MakeNumber(schema, propertyName));
                break;
            case "boolean":
                writer.WriteBooleanValue(_random.Next(2) == 0);
                break;
            default:
                writer.WriteStringValue(MakeString(schema, propertyName));
                break;
        }
    }

    private void WriteObject(Utf8JsonWriter writer, JsonElement schema, int depth)
    {
        writer.WriteStartObject();
        var written = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in properties.EnumerateObject())
            {
                writer.WritePropertyName(property.Name);
                WriteValue(writer, property.Value, property.Name, depth + 1);
                _ = written.Add(property.Name);
            }
        }

        if (schema.TryGetProperty("required", out JsonElement required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement name in required.EnumerateArray())
            {
                if (name.GetString() is string missing && written.Add(missing))
                {
                    writer.WriteString(missing, MakeText(missing, null));
                }
            }
        }

        if (written.Count == 0 && schema.TryGetProperty("additionalProperties", out JsonElement additional) && additional.ValueKind == JsonValueKind.Object)
        {
            // A dictionary: one or two entries keyed by request words.
            foreach (string key in SimulatorText.PickDistinct(_random, _words, _random.Next(1, 3)))
            {
                writer.WritePropertyName(key);
                WriteValue(writer, additional, key, depth + 1);
            }
        }

        writer.WriteEndObject();
    }

    private void WriteArray(Utf8JsonWriter writer, JsonElement schema, string? propertyName, int depth)
    {
        int min = GetInt(schema, "minItems") ?? 0;
        int max = GetInt(schema, "maxItems") ?? Math.Max(min, 3);
        int low = Math.Min(Math.Max(min, 1), max);
        int high = Math.Max(low, Math.Min(max, Math.Max(min, 3)));
        int count = depth >= MaxDepth ? min : _random.Next(low, high + 1);
        bool unique = schema.TryGetProperty("uniqueItems", out JsonElement u) && u.ValueKind == JsonValueKind.True;
        JsonElement items = schema.TryGetProperty("items", out JsonElement i) ? i : default;
        string? itemName = propertyName is null ? null : Singular(propertyName);

        writer.WriteStartArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int index = 0; index < count; index++)
        {
            for (int attempt = 0; attempt < 8; attempt++)
            {
                string item = SimulatorJson.Write(w => WriteValue(w, items, itemName, depth + 1));
                if (!unique || seen.Add(item))
                {
                    writer.WriteRawValue(item, skipInputValidation: true);
                    break;
                }
            }
        }

        writer.WriteEndArray();
    }

    private string ChooseType(JsonElement schema, int depth)
    {
        if (!schema.TryGetProperty("type", out JsonElement type))
        {
            return schema.TryGetProperty("properties", out _) || schema.TryGetProperty("required", out _) || schema.TryGetProperty("additionalProperties", out _) ? "object"
                : schema.TryGetProperty("items", out _) ? "array"
                : "string";
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString()!;
        }

        string[] types = [.. type.EnumerateArray().Select(t => t.GetString() ?? "null")];
        if (depth >= MaxDepth && types.Contains("null"))
        {
            return "null";
        }

        // Prefer the structured type: ["string", "integer"] is how System.Text.Json marks numbers readable from strings.
        foreach (string preferred in (ReadOnlySpan<string>)["object", "array", "integer", "number", "boolean", "string"])
        {
            if (types.Contains(preferred))
            {
                return preferred;
            }
        }

        return "null";
    }

    private long MakeInteger(JsonElement schema)
    {
        long? min = GetLong(schema, "minimum", Math.Ceiling) ?? (GetLong(schema, "exclusiveMinimum", Math.Floor) + 1);
        long? max = GetLong(schema, "maximum", Math.Floor) ?? (GetLong(schema, "exclusiveMaximum", Math.Ceiling) - 1);
        long low = min ?? (max is long m ? Math.Min(0, m - 10) : 0);
        long high = max ?? low + 10;
        if (high < low)
        {
            high = low;
        }

        long value = _random.NextInt64(low, high + 1);
        if (GetLong(schema, "multipleOf", Math.Floor) is long step and > 0)
        {
            long aligned = value - (((value % step) + step) % step);
            value = aligned >= low ? aligned : aligned + step;
        }

        return value;
    }

    private double MakeNumber(JsonElement schema, string? propertyName)
    {
        double? minimum = GetDouble(schema, "minimum");
        double? maximum = GetDouble(schema, "maximum");
        double? exclusiveMinimum = GetDouble(schema, "exclusiveMinimum");
        double? exclusiveMaximum = GetDouble(schema, "exclusiveMaximum");
        bool unit = propertyName is not null && s_unitIntervalHints.Any(h => propertyName.Contains(h, StringComparison.OrdinalIgnoreCase));
        double? upper = maximum ?? exclusiveMaximum;
        double low = minimum ?? exclusiveMinimum ?? (upper is double u && !unit ? Math.Min(0, u - 10) : 0);
        double high = maximum ?? exclusiveMaximum ?? (unit ? 1 : low + 10);
        if (high < low)
        {
            high = low;
        }

        double value = Math.Round(low + (_random.NextDouble() * (high - low)), 2);
        value = Math.Clamp(value, low, high);
        if (exclusiveMinimum is double exMin && value <= exMin)
        {
            value = exMin + ((high - exMin) / 2);
        }

        if (exclusiveMaximum is double exMax && value >= exMax)
        {
            value = low + ((exMax - low) / 2);
        }

        return value;
    }

    private string MakeString(JsonElement schema, string? propertyName)
    {
        string? format = schema.TryGetProperty("format", out JsonElement f) ? f.GetString() : null;
        string text = format switch
        {
            "date-time" => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_random.Next(525_600)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "date" => new DateOnly(2026, 1, 1).AddDays(_random.Next(365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "time" => new TimeOnly(_random.Next(24), _random.Next(60), _random.Next(60)).ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            "uri" or "url" => "https://example.invalid/" + SimulatorText.Pick(_random, _words),
            "email" => SimulatorText.Pick(_random, _words) + "@example.invalid",
            "uuid" => NewGuid().ToString("D"),
            _ when _knownIds.Count > 0 && IsIdName(propertyName) => _knownIds[_nextId++ % _knownIds.Count],
            _ => MakeText(propertyName, schema),
        };

        if (schema.TryGetProperty("pattern", out JsonElement p) && p.GetString() is string pattern && !Matches(pattern, text))
        {
            string word = SimulatorText.Pick(_random, _words);
            text = FirstMatch([word, word.ToUpperInvariant(), "1", "0", "00:00:05", "2026-01-01", "2026-01-01T00:00:00Z", "a"], pattern) ?? text;
        }

        return text;
    }

    private string MakeText(string? propertyName, JsonElement? schema)
    {
        int minLength = schema is JsonElement s ? GetInt(s, "minLength") ?? 0 : 0;
        int maxLength = schema is JsonElement t ? GetInt(t, "maxLength") ?? int.MaxValue : int.MaxValue;
        (int minWords, int maxWords) = propertyName switch
        {
            null => (3, 8),
            _ when s_longTextHints.Any(h => propertyName.Contains(h, StringComparison.OrdinalIgnoreCase)) => (6, 14),
            _ when s_shortTextHints.Any(h => propertyName.Contains(h, StringComparison.OrdinalIgnoreCase)) => (1, 2),
            _ => (3, 6),
        };

        string text = SimulatorText.Phrase(_random, _words, minWords, maxWords);
        while (text.Length < minLength)
        {
            text += " " + SimulatorText.Phrase(_random, _words, 3, 6);
        }

        return text.Length > maxLength ? text[..maxLength] : text;
    }

    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private JsonElement Resolve(string reference)
    {
        if (reference == "#")
        {
            return _root;
        }

        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"The simulator resolves only local schema references; '{reference}' is not one.");
        }

        JsonElement current = _root;
        foreach (string rawSegment in reference[2..].Split('/'))
        {
            string segment = Uri.UnescapeDataString(rawSegment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current.ValueKind switch
            {
                JsonValueKind.Object when current.TryGetProperty(segment, out JsonElement next) => next,
                JsonValueKind.Array when int.TryParse(segment, CultureInfo.InvariantCulture, out int index) && index < current.GetArrayLength() => current[index],
                _ => throw new InvalidOperationException($"The schema reference '{reference}' does not resolve (segment '{segment}')."),
            };
        }

        return current;
    }

    private static bool IsIdName(string? name) =>
        name is not null && (name.Equals("id", StringComparison.OrdinalIgnoreCase) || name.EndsWith("_id", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("Id", StringComparison.Ordinal));

    private static bool IsNullSchema(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out JsonElement type)
        && type.ValueKind == JsonValueKind.String && type.GetString() == "null";

    private static string Singular(string name) =>
        name.EndsWith("ies", StringComparison.Ordinal) ? name[..^3] + "y" : name.EndsWith('s') ? name[..^1] : name;

    private static string? FirstMatch(ReadOnlySpan<string> candidates, string pattern)
    {
        foreach (string candidate in candidates)
        {
            if (Matches(pattern, candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool Matches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    private static int? GetInt(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int result) ? result : null;

    private static long? GetLong(JsonElement schema, string name, Func<double, double> round) =>
        schema.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number
            ? (value.TryGetInt64(out long exact) ? exact : (long)round(value.GetDouble()))
            : null;

    private static double? GetDouble(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
