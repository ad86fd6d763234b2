using System.Collections;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PromptForge.SynSmith;

/// <summary>
/// A validated, non-empty set of real examples whose labels all belong to the schema. Construction fails fast
/// (reference defect 1: the reference ran on an empty real set and its critics measured nothing).
/// </summary>
public sealed class RealExampleSet : IReadOnlyList<RealExample>
{
    private readonly RealExample[] _examples;
    private readonly ReadOnlyDictionary<string, IReadOnlyList<RealExample>> _byLabel;

    private RealExampleSet(RealExample[] examples, AttributeSchema schema, string source)
    {
        _examples = examples;
        Schema = schema;
        Source = source;
        var byLabel = new Dictionary<string, IReadOnlyList<RealExample>>(StringComparer.Ordinal);
        foreach (var label in schema.Labels)
        {
            byLabel[label] = examples.Where(e => string.Equals(e.Label, label, StringComparison.Ordinal)).ToArray();
        }

        _byLabel = new ReadOnlyDictionary<string, IReadOnlyList<RealExample>>(byLabel);
    }

    /// <summary>Gets the schema the labels were checked against.</summary>
    public AttributeSchema Schema { get; }

    /// <summary>Gets where the examples came from (a file path, or <c>memory</c>).</summary>
    public string Source { get; }

    /// <summary>Gets the examples of each schema label, in file order (empty for labels without examples).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RealExample>> ByLabel => _byLabel;

    /// <summary>Gets the labels that have at least one example, in schema order.</summary>
    public IReadOnlyList<string> LabelsPresent => Schema.Labels.Where(l => _byLabel[l].Count > 0).ToArray();

    /// <inheritdoc />
    public int Count => _examples.Length;

    /// <inheritdoc />
    public RealExample this[int index] => _examples[index];

    /// <summary>Creates a set from examples in memory.</summary>
    /// <param name="examples">The examples.</param>
    /// <param name="schema">The schema whose labels they must use.</param>
    /// <returns>The validated set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="examples"/> or <paramref name="schema"/> is <see langword="null"/>.</exception>
    /// <exception cref="SynSmithInputException">The set is empty or a label is not in the schema.</exception>
    public static RealExampleSet Create(IEnumerable<RealExample> examples, AttributeSchema schema)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(schema);
        var problems = new ProblemCollector("memory");
        var list = examples.ToArray();
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] is null)
            {
                problems.Add(null, $"[{i}]", "the example is null");
            }
        }

        return Validate(list, schema, problems);
    }

    /// <summary>
    /// Reads a JSONL file of <c>{"text", "label", "metadata"?}</c> rows (the reference's format; any other fields
    /// are kept in <see cref="RealExample.Metadata"/>). Blank lines are skipped.
    /// </summary>
    /// <param name="path">The file path.</param>
    /// <param name="schema">The schema whose labels the rows must use.</param>
    /// <returns>The validated set.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> is <see langword="null"/>.</exception>
    /// <exception cref="SynSmithInputException">The file is missing, a row is malformed, a label is not in the schema, or the set is empty (file and line named).</exception>
    public static RealExampleSet Load(string path, AttributeSchema schema) => Load(path, schema, SynSmithInputLimits.Default);

    /// <summary>Reads a JSONL file of real examples (see <see cref="Load(string, AttributeSchema)"/>) under size limits.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="schema">The schema whose labels the rows must use.</param>
    /// <param name="limits">The limits (<see cref="SynSmithInputLimits.MaxRealExamplesBytes"/>, <see cref="SynSmithInputLimits.MaxRealExampleLineBytes"/>, <see cref="SynSmithInputLimits.MaxListedProblems"/>).</param>
    /// <returns>The validated set.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> or <paramref name="limits"/> is <see langword="null"/>.</exception>
    /// <exception cref="SynSmithInputException">The file is missing, too large or not UTF-8, a line is too long, a row is malformed, a label is not in the schema, or the set is empty (file and line named).</exception>
    public static RealExampleSet Load(string path, AttributeSchema schema, SynSmithInputLimits limits)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        if (!File.Exists(path))
        {
            throw new SynSmithInputException([new InputProblem(path, null, null, "the real examples file does not exist")]);
        }

        return Parse(InputFiles.ReadText(path, path, limits.MaxRealExamplesBytes, nameof(SynSmithInputLimits.MaxRealExamplesBytes)), schema, path, limits);
    }

    /// <summary>Parses JSONL text of real examples (see <see cref="Load(string, AttributeSchema)"/>).</summary>
    /// <param name="jsonl">The JSONL text.</param>
    /// <param name="schema">The schema whose labels the rows must use.</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <returns>The validated set.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="SynSmithInputException">A row is malformed, a label is not in the schema, or the set is empty.</exception>
    public static RealExampleSet Parse(string jsonl, AttributeSchema schema, string sourceName) => Parse(jsonl, schema, sourceName, SynSmithInputLimits.Default);

    private static RealExampleSet Parse(string jsonl, AttributeSchema schema, string sourceName, SynSmithInputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(jsonl);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(sourceName);
        var problems = new ProblemCollector(sourceName, limits.MaxListedProblems);
        var examples = new List<RealExample>();
        var lineNumber = 0;
        foreach (var rawLine in jsonl.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            // Characters never outnumber UTF-8 bytes, so the byte count is needed only near the limit.
            var max = limits.MaxRealExampleLineBytes;
            if (line.Length > max || ((long)line.Length * 3 > max && Encoding.UTF8.GetByteCount(line) > max))
            {
                problems.Add(lineNumber, null, string.Create(CultureInfo.InvariantCulture,
                    $"the line is longer than the limit of {max:N0} bytes ({nameof(SynSmithInputLimits.MaxRealExampleLineBytes)})"));
                continue;
            }

            if (ReadRow(line, lineNumber, problems) is { } example)
            {
                examples.Add(example);
            }
        }

        return Validate(examples.ToArray(), schema, problems);
    }

    /// <inheritdoc />
    public IEnumerator<RealExample> GetEnumerator() => ((IEnumerable<RealExample>)_examples).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => _examples.GetEnumerator();

    private static RealExample? ReadRow(string line, int lineNumber, ProblemCollector problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            problems.Add(lineNumber, null, "invalid JSON: " + ex.Message);
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add(lineNumber, null, "each line must be a JSON object with 'text' and 'label'");
                return null;
            }

            string? text = null;
            string? label = null;
            var metadata = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "text":
                        text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                        if (text is null)
                        {
                            problems.Add(lineNumber, "text", "expected a string");
                        }

                        break;
                    case "label":
                        label = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                        if (label is null)
                        {
                            problems.Add(lineNumber, "label", "expected a string");
                        }

                        break;
                    case "metadata" when property.Value.ValueKind == JsonValueKind.Object:
                        foreach (var item in property.Value.EnumerateObject())
                        {
                            metadata[item.Name] = item.Value.Clone();
                        }

                        break;
                    case "metadata" when property.Value.ValueKind == JsonValueKind.Null:
                        break;
                    case "metadata":
                        problems.Add(lineNumber, "metadata", "expected a JSON object");
                        break;
                    default:
                        // Extra fields (e.g. _source/_pivot of the paraphrased split) are data, kept as metadata.
                        metadata[property.Name] = property.Value.Clone();
                        break;
                }
            }

            if (!root.TryGetProperty("text", out _))
            {
                problems.Add(lineNumber, "text", "the row has no text");
            }
            else if (text is not null && string.IsNullOrWhiteSpace(text))
            {
                problems.Add(lineNumber, "text", "the text is empty");
            }

            if (!root.TryGetProperty("label", out _))
            {
                problems.Add(lineNumber, "label", "the row has no label");
            }
            else if (label is not null && string.IsNullOrWhiteSpace(label))
            {
                problems.Add(lineNumber, "label", "the label is empty");
            }

            if (string.IsNullOrWhiteSpace(text) || string.IsNullOrWhiteSpace(label))
            {
                return null;
            }

            return new RealExample(text, label, metadata.Count == 0 ? null : new ReadOnlyDictionary<string, JsonElement>(metadata)) { Line = lineNumber };
        }
    }

    private static RealExampleSet Validate(RealExample[] examples, AttributeSchema schema, ProblemCollector problems)
    {
        var labels = new HashSet<string>(schema.Labels, StringComparer.Ordinal);
        for (var i = 0; i < examples.Length; i++)
        {
            var example = examples[i];
            if (example is not null && !labels.Contains(example.Label))
            {
                problems.Add(example.Line, example.Line is null ? $"[{i}].label" : "label",
                    $"'{example.Label}' is not a value of the label attribute '{schema.LabelAttribute}' ({string.Join(", ", schema.Labels)})");
            }
        }

        if (examples.Length == 0 && !problems.HasProblems)
        {
            problems.Add(null, null, "the real example set is empty; SynSmith's critics compare synthetic data with real data and cannot run without it");
        }

        problems.ThrowIfAny();
        return new RealExampleSet(examples, schema, problems.File);
    }
}
