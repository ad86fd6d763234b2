using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PromptForge;

/// <summary>
/// Reads and writes JSON Lines (one JSON value per line, UTF-8) with source-generated type information.
/// </summary>
/// <remarks>
/// Reading tolerates a torn last line (for example a file cut short by a crash): the incomplete final line is
/// skipped and reported in <see cref="JsonLinesReadResult{T}.TornLineNumber"/>. An invalid line anywhere else is
/// corruption and raises a <see cref="JsonLinesFormatException"/> naming the line.
/// </remarks>
internal static class JsonLines
{
    /// <summary>Serializes items as JSON Lines: one compact JSON value per line, each line ending with <c>\n</c>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items to write.</param>
    /// <param name="typeInfo">The source-generated type information of <typeparamref name="T"/>.</param>
    /// <returns>The UTF-8 content.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or <paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    public static byte[] Serialize<T>(IEnumerable<T> items, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(typeInfo);

        var buffer = new ArrayBufferWriter<byte>();
        // The writer decides the layout: never indented, so that every value stays on one line
        // (newlines inside strings are escaped).
        var writerOptions = new JsonWriterOptions { Indented = false, Encoder = typeInfo.Options.Encoder, SkipValidation = false };
        using var writer = new Utf8JsonWriter(buffer, writerOptions);
        foreach (T item in items)
        {
            JsonSerializer.Serialize(writer, item, typeInfo);
            writer.Flush();
            writer.Reset();
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Deserializes JSON Lines content, tolerating a torn last line.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="utf8Content">The UTF-8 content (a leading byte-order mark, blank lines and <c>\r\n</c> line ends are accepted).</param>
    /// <param name="typeInfo">The source-generated type information of <typeparamref name="T"/>.</param>
    /// <param name="sourceName">A name for the content used in error messages, such as a file path.</param>
    /// <returns>The items and whether a torn last line was skipped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="JsonLinesFormatException">A line other than the last one is not a valid <typeparamref name="T"/>.</exception>
    public static JsonLinesReadResult<T> Deserialize<T>(ReadOnlySpan<byte> utf8Content, JsonTypeInfo<T> typeInfo, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);

        if (utf8Content.StartsWith("\uFEFF"u8))
        {
            utf8Content = utf8Content[3..];
        }

        var items = new List<T>();
        int lineNumber = 0;
        int? tornLineNumber = null;
        string? tornLineError = null;
        while (!utf8Content.IsEmpty)
        {
            lineNumber++;
            int end = utf8Content.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = end < 0 ? utf8Content : utf8Content[..end];
            utf8Content = end < 0 ? [] : utf8Content[(end + 1)..];

            line = line.Trim(" \t\r"u8);
            if (line.IsEmpty)
            {
                continue;
            }

            string? error;
            try
            {
                T? item = JsonSerializer.Deserialize(line, typeInfo);
                if (item is not null)
                {
                    items.Add(item);
                    continue;
                }

                error = "the line is the JSON literal null";
            }
            catch (JsonException ex)
            {
                error = ex.Message;
            }

            if (utf8Content.Trim(" \t\r\n"u8).IsEmpty)
            {
                // Only the final line may be incomplete: that is what an interrupted append leaves behind.
                tornLineNumber = lineNumber;
                tornLineError = error;
                break;
            }

            throw new JsonLinesFormatException(sourceName, lineNumber, error);
        }

        return new JsonLinesReadResult<T>(items, tornLineNumber, tornLineError);
    }
}
