using System.Collections.ObjectModel;

namespace PromptForge.SynSmith;

/// <summary>
/// The controllable attribute space of a dataset: named attributes with their allowed values, the attribute that
/// is the supervised label, and partial assignments that must never be requested. Reads the reference's
/// <c>schema.yaml</c> format unchanged (<see cref="Load(string)"/>).
/// </summary>
public sealed class AttributeSchema
{
    /// <summary>Initializes a new instance of the <see cref="AttributeSchema"/> class and validates it.</summary>
    /// <param name="attributes">Attribute names mapped to their allowed values, in the order they should be presented.</param>
    /// <param name="labelAttribute">The name of the attribute that is the supervised label.</param>
    /// <param name="invalidCombinations">Partial assignments (attribute to value) that must never be requested.</param>
    /// <param name="taskDescription">A short description of the supervised task.</param>
    /// <param name="domain">A domain tag used in prompts (for example <c>customer_support</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="attributes"/> or <paramref name="labelAttribute"/> is <see langword="null"/>.</exception>
    /// <exception cref="SynSmithInputException">The schema is invalid (every problem is listed).</exception>
    public AttributeSchema(
        IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> attributes,
        string labelAttribute,
        IEnumerable<IReadOnlyDictionary<string, string>>? invalidCombinations = null,
        string? taskDescription = null,
        string? domain = null)
        : this(attributes, labelAttribute, invalidCombinations, taskDescription, domain, new ProblemCollector("schema"), lines: null)
    {
    }

    internal AttributeSchema(
        IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> attributes,
        string labelAttribute,
        IEnumerable<IReadOnlyDictionary<string, string>>? invalidCombinations,
        string? taskDescription,
        string? domain,
        ProblemCollector problems,
        SchemaLines? lines)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(labelAttribute);

        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var (name, values) in attributes)
        {
            var line = lines?.AttributeLine(name);
            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add(line ?? lines?.AttributesLine, "attributes", "attribute names must not be empty");
                continue;
            }

            if (!map.TryAdd(name, values?.ToArray() ?? []))
            {
                problems.Add(line, "attributes." + name, "the attribute is declared twice");
                continue;
            }

            names.Add(name);
            if (values is null || values.Count == 0)
            {
                problems.Add(line, "attributes." + name, "the attribute has no values; list at least one allowed value");
                continue;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i];
                if (string.IsNullOrWhiteSpace(value))
                {
                    problems.Add(lines?.ValueLine(name, i) ?? line, "attributes." + name, "values must not be empty");
                }
                else if (!seen.Add(value))
                {
                    problems.Add(lines?.ValueLine(name, i) ?? line, "attributes." + name, $"duplicate value '{value}'");
                }
            }
        }

        if (names.Count == 0 && !problems.Problems.Any(p => p.Field == "attributes"))
        {
            problems.Add(lines?.AttributesLine, "attributes", "the attribute map is empty; declare at least the label attribute");
        }

        if (string.IsNullOrWhiteSpace(labelAttribute))
        {
            problems.Add(lines?.LabelLine, "label_attribute", "the label attribute is missing");
        }
        else if (names.Count > 0 && !map.ContainsKey(labelAttribute))
        {
            problems.Add(lines?.LabelLine, "label_attribute", $"'{labelAttribute}' is not one of the attributes ({string.Join(", ", names)})");
        }

        var combos = new List<IReadOnlyDictionary<string, string>>();
        var index = 0;
        foreach (var combination in invalidCombinations ?? [])
        {
            var line = lines?.InvalidCombinationLine(index);
            var field = $"invalid_combinations[{index}]";
            if (combination is null || combination.Count == 0)
            {
                problems.Add(line, field, "an invalid combination must name at least one attribute value");
            }
            else
            {
                foreach (var (attribute, value) in combination)
                {
                    if (!map.TryGetValue(attribute, out var allowed))
                    {
                        problems.Add(line, field + "." + attribute, $"'{attribute}' is not one of the attributes");
                    }
                    else if (!allowed.Contains(value, StringComparer.Ordinal))
                    {
                        problems.Add(line, field + "." + attribute, $"'{value}' is not an allowed value of '{attribute}'");
                    }
                }

                combos.Add(new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(combination, StringComparer.Ordinal)));
            }

            index++;
        }

        problems.ThrowIfAny();

        AttributeNames = names.AsReadOnly();
        Attributes = new ReadOnlyDictionary<string, IReadOnlyList<string>>(map);
        LabelAttribute = labelAttribute;
        InvalidCombinations = combos.AsReadOnly();
        TaskDescription = taskDescription?.Trim() ?? string.Empty;
        Domain = string.IsNullOrWhiteSpace(domain) ? "generic" : domain.Trim();
    }

    /// <summary>Gets the attribute names in declaration order.</summary>
    public IReadOnlyList<string> AttributeNames { get; }

    /// <summary>Gets the allowed values of every attribute.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; }

    /// <summary>Gets the name of the label attribute (for example <c>intent</c>; never assumed).</summary>
    public string LabelAttribute { get; }

    /// <summary>Gets the allowed labels (the values of <see cref="LabelAttribute"/>).</summary>
    public IReadOnlyList<string> Labels => Attributes[LabelAttribute];

    /// <summary>Gets the partial assignments that must never be requested.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> InvalidCombinations { get; }

    /// <summary>Gets the description of the supervised task.</summary>
    /// <value>Empty when the schema has none.</value>
    public string TaskDescription { get; }

    /// <summary>Gets the domain tag.</summary>
    /// <value><c>generic</c> when the schema has none.</value>
    public string Domain { get; }

    /// <summary>Reads a schema file in the reference's <c>schema.yaml</c> format with the default limits.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The validated schema.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="SynSmithInputException">The file is missing, too large, not UTF-8 or invalid (file, line and field named).</exception>
    public static AttributeSchema Load(string path) => Load(path, SynSmithInputLimits.Default);

    /// <summary>Reads a schema file in the reference's <c>schema.yaml</c> format.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="limits">The size limits (<see cref="SynSmithInputLimits.MaxSchemaBytes"/>, <see cref="SynSmithInputLimits.MaxListedProblems"/>).</param>
    /// <returns>The validated schema.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="limits"/> is <see langword="null"/>.</exception>
    /// <exception cref="SynSmithInputException">The file is missing, too large, not UTF-8 or invalid (file, line and field named).</exception>
    public static AttributeSchema Load(string path, SynSmithInputLimits limits)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        if (!File.Exists(path))
        {
            throw new SynSmithInputException([new InputProblem(path, null, null, "the schema file does not exist")]);
        }

        return AttributeSchemaYamlReader.Read(InputFiles.ReadText(path, path, limits.MaxSchemaBytes, nameof(SynSmithInputLimits.MaxSchemaBytes)), path, limits.MaxListedProblems);
    }

    /// <summary>Parses schema YAML text in the reference's <c>schema.yaml</c> format.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="sourceName">The name used in error messages (usually the file path).</param>
    /// <returns>The validated schema.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="yaml"/> or <paramref name="sourceName"/> is <see langword="null"/>.</exception>
    /// <exception cref="SynSmithInputException">The text is invalid (line and field named).</exception>
    public static AttributeSchema Parse(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        return AttributeSchemaYamlReader.Read(yaml, sourceName, SynSmithInputLimits.Default.MaxListedProblems);
    }

    /// <summary>Checks a full or partial attribute assignment: known attributes, allowed values, no invalid combination.</summary>
    /// <param name="vector">The assignment.</param>
    /// <returns><see langword="true"/> when the assignment may be requested.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="vector"/> is <see langword="null"/>.</exception>
    public bool IsValid(IReadOnlyDictionary<string, string> vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        foreach (var (name, value) in vector)
        {
            if (!Attributes.TryGetValue(name, out var allowed) || !allowed.Contains(value, StringComparer.Ordinal))
            {
                return false;
            }
        }

        return !IsForbidden(vector);
    }

    /// <summary>Checks whether an assignment contains one of the <see cref="InvalidCombinations"/>.</summary>
    /// <param name="vector">The assignment.</param>
    /// <returns><see langword="true"/> when the assignment matches an invalid combination.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="vector"/> is <see langword="null"/>.</exception>
    public bool IsForbidden(IReadOnlyDictionary<string, string> vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        foreach (var combination in InvalidCombinations)
        {
            if (combination.All(pair => vector.TryGetValue(pair.Key, out var v) && string.Equals(v, pair.Value, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
