using System.Text.Json;

namespace PromptForge;

/// <summary>
/// A sample: an input with its label or expected answer, the attributes that were requested and the ones
/// the text actually has, its difficulty and provenance. The <see cref="Id"/> is always assigned by PromptForge
/// (see <see cref="SampleIds"/>), never taken from a model's reply.
/// </summary>
public sealed class Sample
{
    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();
    // Collection properties coalesce null: JSON source generation passes null for a property missing from the document.
    private readonly SampleProvenance _provenance = new();
    private readonly IReadOnlyDictionary<string, string> _generatedAttributes = NoAttributes;
    private readonly IReadOnlyDictionary<string, string> _requestedAttributes = NoAttributes;

    /// <summary>Gets the sample id, unique within a run.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the input text (a question, a message, a review...).</summary>
    public required string Input { get; init; }

    /// <summary>Gets the label or expected answer.</summary>
    public string? Expected { get; init; }

    /// <summary>Gets the attribute values the generator was asked for.</summary>
    public IReadOnlyDictionary<string, string> RequestedAttributes
    {
        get => _requestedAttributes;
        init => _requestedAttributes = value ?? NoAttributes;
    }

    /// <summary>Gets the attribute values the generator declared the text has. Verifying critics report the values they read in their verdicts (the samples themselves are never rewritten).</summary>
    public IReadOnlyDictionary<string, string> GeneratedAttributes
    {
        get => _generatedAttributes;
        init => _generatedAttributes = value ?? NoAttributes;
    }

    /// <summary>Gets the difficulty level the sample was written at, when a curriculum is used.</summary>
    public int? Difficulty { get; init; }

    /// <summary>Gets how the sample came to be.</summary>
    public SampleProvenance Provenance
    {
        get => _provenance;
        init => _provenance = value ?? new();
    }

    /// <summary>Gets additional data kept with the sample.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }
}
