using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PromptForge.Sipdo;

/// <summary>
/// The data placeholders of SIPDO's role templates. In a role request each is rendered as a delimited block
/// <c>&lt;name&gt;JSON&lt;/name&gt;</c> holding the JSON-encoded value (<see cref="PromptTemplate.RenderRequest"/>), so data
/// never poses as instructions, and the simulated roles read the data by placeholder and type, whatever the prose
/// of a (possibly overridden) template says around it.
/// </summary>
/// <remarks>
/// JSON written by <see cref="SipdoJsonContext"/> escapes <c>&lt;</c> and <c>&gt;</c>, so a value can never contain the
/// closing delimiter of its block.
/// </remarks>
internal static class SipdoPromptData
{
    public const string TaskName = "task_name";
    public const string TaskDescription = "task_description";
    public const string Examples = "examples";
    public const string History = "history";
    public const string Level = "level";
    public const string MaxLevel = "max_level";
    public const string Label = "label";
    public const string Item = "item";
    public const string PreviousSummary = "previous_summary";
    public const string Items = "items";
    public const string Prompt = "prompt";
    public const string Errors = "errors";
    public const string Analysis = "analysis";
    public const string Suggestions = "suggestions";
    public const string OutputFormat = "output_format";
    public const string Weaknesses = "weaknesses";
    public const string ModelAnswer = "model_answer";

    /// <summary>Gets every data placeholder name.</summary>
    public static FrozenSet<string> Names { get; } = FrozenSet.Create(
        StringComparer.Ordinal,
        TaskName, TaskDescription, Examples, History, Level, MaxLevel, Label, Item, PreviousSummary, Items, Prompt, Errors, Analysis, Suggestions, OutputFormat, Weaknesses, ModelAnswer);

    /// <summary>Wraps a JSON value in the block of a data placeholder.</summary>
    public static string Block(string name, string json) => $"<{name}>{json}</{name}>";

    /// <summary>Reads the first block of a data placeholder in <paramref name="text"/> as <typeparamref name="T"/>.</summary>
    /// <returns><see langword="true"/> when the block is present and holds a valid <typeparamref name="T"/>.</returns>
    public static bool TryRead<T>(string text, string name, JsonTypeInfo<T> typeInfo, out T? value)
    {
        value = default;
        var open = $"<{name}>";
        var start = text.IndexOf(open, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        start += open.Length;
        var end = text.IndexOf($"</{name}>", start, StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        try
        {
            value = JsonSerializer.Deserialize(text.AsSpan(start, end - start), typeInfo);
            return value is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads a block the request must carry.</summary>
    /// <exception cref="InvalidOperationException">The block is missing or does not hold a valid <typeparamref name="T"/>.</exception>
    public static T Read<T>(string text, string name, JsonTypeInfo<T> typeInfo) =>
        TryRead(text, name, typeInfo, out var value)
            ? value!
            : throw new InvalidOperationException($"The request carries no valid <{name}> data block ({typeof(T).Name}); does the template still contain the {{{{{name}}}}} placeholder?");
}
