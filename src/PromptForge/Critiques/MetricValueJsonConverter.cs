using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptForge;

/// <summary>
/// Writes a <see cref="MetricValue"/> as <c>{"value":0.71,"n":40}</c> or
/// <c>{"value":null,"not_measured":"critic disabled"}</c>, so artifacts never show a fake number.
/// </summary>
internal sealed class MetricValueJsonConverter : JsonConverter<MetricValue>
{
    public override MetricValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return MetricValue.Measured(reader.GetDouble());
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A metric value must be a number or an object with 'value'.");
        }

        double? value = null;
        int? n = null;
        string? reason = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString() ?? string.Empty;
            reader.Read();
            switch (name)
            {
                case "value":
                    value = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();
                    break;
                case "n":
                    n = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();
                    break;
                case "not_measured":
                    reason = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return value is { } v ? MetricValue.Measured(v, n) : MetricValue.NotMeasured(reason ?? "not measured", n);
    }

    public override void Write(Utf8JsonWriter writer, MetricValue value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Value is { } v)
        {
            writer.WriteNumber("value", v);
        }
        else
        {
            writer.WriteNull("value");
        }

        if (value.SampleSize is { } n)
        {
            writer.WriteNumber("n", n);
        }

        if (value.NotMeasuredReason is { } reason)
        {
            writer.WriteString("not_measured", reason);
        }

        writer.WriteEndObject();
    }
}
