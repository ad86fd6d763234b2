using System.Globalization;
using System.Text.Json;

namespace PromptForge.Sipdo;

/// <summary>Field access on JSON records with errors that name the file, the record and the field.</summary>
internal static class JsonRecordReader
{
    public static string RequiredString(string path, int record, JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new TaskFileException(path, record, $"expected a JSON object, found {element.ValueKind}");
        }

        if (!element.TryGetProperty(field, out var value))
        {
            throw new TaskFileException(path, record, $"missing field '{field}'");
        }

        var text = ScalarText(value);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new TaskFileException(path, record, $"field '{field}' must be a non-empty string, found {value.ValueKind}");
        }

        return text;
    }

    public static string? OptionalString(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(field, out var value) ? ScalarText(value) : null;

    /// <summary>A string, a number, or a non-empty list of them (accepted answers).</summary>
    public static IReadOnlyList<string>? Answers(string path, int record, JsonElement value, string field)
    {
        if (ScalarText(value) is { } single && !string.IsNullOrWhiteSpace(single))
        {
            return [single];
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var items = value.EnumerateArray().Select(ScalarText).ToArray();
            if (items.Length == 0 || items.Any(string.IsNullOrWhiteSpace))
            {
                throw new TaskFileException(path, record, $"field '{field}' must list non-empty strings");
            }

            return items!;
        }

        return null;
    }

    public static IReadOnlyList<string> StringList(string path, int record, JsonElement element, string field)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw new TaskFileException(path, record, $"field '{field}' must be a list of strings");
        }

        var items = value.EnumerateArray().Select(ScalarText).ToArray();
        if (items.Length == 0 || items.Any(string.IsNullOrWhiteSpace))
        {
            throw new TaskFileException(path, record, $"field '{field}' must list non-empty strings");
        }

        return items!;
    }

    private static string? ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        _ => null,
    };

    public static string RecordId(string prefix, int record) => prefix + "-" + record.ToString("D4", CultureInfo.InvariantCulture);
}
