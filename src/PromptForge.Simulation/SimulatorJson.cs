using System.Buffers;
using System.Text;
using System.Text.Json;

namespace PromptForge.Simulation;

/// <summary>
/// JSON helpers shared by the simulator's role behaviors: find the JSON data a prompt embeds (PromptForge puts data
/// in prompts as delimited, JSON-encoded payloads), read fields leniently, and write compact JSON responses.
/// </summary>
internal static class SimulatorJson
{
    /// <summary>Finds every complete top-level JSON object or array embedded in a text, in order.</summary>
    /// <param name="text">The text (for example <see cref="SimulatedRoleRequest.UserText"/>).</param>
    /// <returns>The values found (detached from any document).</returns>
    public static IReadOnlyList<JsonElement> FindAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        var values = new List<JsonElement>();
        int position = 0;
        while (position < utf8.Length)
        {
            int start = utf8.AsSpan(position).IndexOfAny((byte)'{', (byte)'[');
            if (start < 0)
            {
                break;
            }

            start += position;
            if (TryReadValue(utf8.AsSpan(start), out JsonElement value, out int length))
            {
                values.Add(value);
                position = start + length;
            }
            else
            {
                position = start + 1;
            }
        }

        return values;
    }

    /// <summary>Finds the first complete JSON object or array embedded in a text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value found.</param>
    /// <returns><see langword="true"/> when a value was found.</returns>
    public static bool TryFindFirst(string text, out JsonElement value)
    {
        IReadOnlyList<JsonElement> all = FindAll(text);
        value = all.Count > 0 ? all[0] : default;
        return all.Count > 0;
    }

    /// <summary>
    /// Finds the JSON value written between two delimiters (for example <c>&lt;samples&gt;</c> and
    /// <c>&lt;/samples&gt;</c>, or <c>```json</c> and <c>```</c>).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="startDelimiter">The text just before the payload.</param>
    /// <param name="endDelimiter">The text just after the payload.</param>
    /// <param name="value">The value found.</param>
    /// <returns><see langword="true"/> when the delimiters were found and held valid JSON.</returns>
    public static bool TryFindBetween(string text, string startDelimiter, string endDelimiter, out JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(startDelimiter);
        ArgumentException.ThrowIfNullOrEmpty(endDelimiter);
        value = default;
        int start = text.IndexOf(startDelimiter, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        start += startDelimiter.Length;
        int end = text.IndexOf(endDelimiter, start, StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text.AsMemory(start, end - start));
            value = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Gets a property of an object by name, ignoring case; <see langword="null"/> when absent or when <paramref name="element"/> is not an object.</summary>
    /// <param name="element">The object.</param>
    /// <param name="propertyName">The property name.</param>
    /// <returns>The property value, if any.</returns>
    public static JsonElement? GetProperty(JsonElement element, string propertyName)
    {
        ArgumentNullException.ThrowIfNull(propertyName);
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (element.TryGetProperty(propertyName, out JsonElement exact))
        {
            return exact;
        }

        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, propertyName, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    /// <summary>Gets a property as text: the string itself, the raw JSON of a non-string, or <see langword="null"/> when absent or null.</summary>
    /// <param name="element">The object.</param>
    /// <param name="propertyName">The property name (case is ignored).</param>
    /// <returns>The text, if any.</returns>
    public static string? GetString(JsonElement element, string propertyName) => GetProperty(element, propertyName) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        JsonElement value => value.GetRawText(),
    };

    /// <summary>Gets the items of an array property; empty when absent or not an array.</summary>
    /// <param name="element">The object.</param>
    /// <param name="propertyName">The property name (case is ignored).</param>
    /// <returns>The items.</returns>
    public static IReadOnlyList<JsonElement> GetArray(JsonElement element, string propertyName) =>
        GetProperty(element, propertyName) is { ValueKind: JsonValueKind.Array } array ? [.. array.EnumerateArray()] : [];

    /// <summary>Writes compact JSON text with a writer callback (no reflection, as required by trimming and source generation).</summary>
    /// <param name="write">Writes exactly one JSON value.</param>
    /// <returns>The JSON text.</returns>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool TryReadValue(ReadOnlySpan<byte> utf8, out JsonElement value, out int length)
    {
        value = default;
        length = 0;
        try
        {
            var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            length = checked((int)reader.BytesConsumed);
            var slice = new Utf8JsonReader(utf8[..length]);
            value = JsonElement.ParseValue(ref slice);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
