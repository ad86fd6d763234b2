using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PromptForge;

/// <summary>Serializes machine-read run files without indentation, whatever the layout of the type information's options.</summary>
internal static class CompactJson
{
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // The writer decides the layout: indentation in the context's options only applies to the serializer's own writer.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = typeInfo.Options.Encoder }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes one JSON Lines line: the compact value followed by <c>\n</c>.</summary>
    public static byte[] SerializeLine<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        byte[] json = Serialize(value, typeInfo);
        byte[] line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }
}
