using System.Collections.ObjectModel;
using System.Text.Json;

namespace PromptForge.SynSmith;

/// <summary>One real example: a text, its label and optional metadata (a row of <c>real_examples.jsonl</c>).</summary>
public sealed class RealExample
{
    private static readonly IReadOnlyDictionary<string, JsonElement> EmptyMetadata =
        new ReadOnlyDictionary<string, JsonElement>(new Dictionary<string, JsonElement>());

    /// <summary>Initializes a new instance of the <see cref="RealExample"/> class.</summary>
    /// <param name="text">The text.</param>
    /// <param name="label">The label (a value of the schema's label attribute).</param>
    /// <param name="metadata">Optional metadata (for example <c>source: email</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="text"/> or <paramref name="label"/> is null, empty or white space.</exception>
    public RealExample(string text, string label, IReadOnlyDictionary<string, JsonElement>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        Text = text;
        Label = label;
        Metadata = metadata ?? EmptyMetadata;
    }

    /// <summary>Gets the text.</summary>
    public string Text { get; }

    /// <summary>Gets the label.</summary>
    public string Label { get; }

    /// <summary>Gets the metadata: the row's <c>metadata</c> object plus any other fields of the row (such as <c>_source</c>).</summary>
    /// <value>Empty when the row has none.</value>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; }

    /// <summary>Gets the 1-based line of the row in its file, when the example was read from a file.</summary>
    public int? Line { get; init; }
}
