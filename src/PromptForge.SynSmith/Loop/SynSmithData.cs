using System.Text.Json.Nodes;

namespace PromptForge.SynSmith;

/// <summary>The inputs every SynSmith component shares: schema, real examples and options.</summary>
internal sealed class SynSmithData(AttributeSchema schema, RealExampleSet real, SynSmithOptions options)
{
    public AttributeSchema Schema { get; } = schema;

    public RealExampleSet Real { get; } = real;

    public SynSmithOptions Options { get; } = options;

    /// <summary>The schema as JSON data for prompts.</summary>
    public JsonObject SchemaJson() => new()
    {
        ["domain"] = Schema.Domain,
        ["task"] = Schema.TaskDescription,
        ["label_attribute"] = Schema.LabelAttribute,
        ["attributes"] = AttributeValuesJson(Schema),
    };

    /// <summary>The allowed values of every attribute, in schema order (request data).</summary>
    public static Dictionary<string, List<string>> AttributeValues(AttributeSchema schema)
    {
        var attributes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in schema.AttributeNames)
        {
            attributes[name] = [.. schema.Attributes[name]];
        }

        return attributes;
    }

    /// <summary>A copy of attribute values that keeps their order (request data).</summary>
    public static Dictionary<string, string> Attributes(IReadOnlyDictionary<string, string> attributes)
    {
        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in attributes)
        {
            copy[k] = v;
        }

        return copy;
    }

    public static JsonObject AttributeValuesJson(AttributeSchema schema)
    {
        var attributes = new JsonObject();
        foreach (var name in schema.AttributeNames)
        {
            attributes[name] = Strings(schema.Attributes[name]);
        }

        return attributes;
    }

    public static JsonObject AttributesJson(IReadOnlyDictionary<string, string> attributes)
    {
        var json = new JsonObject();
        foreach (var (k, v) in attributes)
        {
            json[k] = v;
        }

        return json;
    }

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

    public static string Label(Sample sample, string labelAttribute) =>
        sample.Expected
        ?? (sample.RequestedAttributes.TryGetValue(labelAttribute, out var label) ? label : string.Empty);

    public static Dictionary<string, string> TemplateValues(AttributeSchema schema) => new(StringComparer.Ordinal)
    {
        ["domain"] = schema.Domain,
        ["task"] = schema.TaskDescription.Length == 0 ? "(not described)" : schema.TaskDescription,
        ["label_attribute"] = schema.LabelAttribute,
    };
}
