namespace PromptForge.Evaluation;

/// <summary>
/// The attributes of a dataset and the values each may take (for example <c>intent</c>: the label set,
/// <c>tone</c>: formal, casual, angry). Values are matched case-insensitively; the schema's spelling is reported.
/// </summary>
public sealed class AttributeDomains
{
    private readonly Dictionary<string, string[]> _values;

    /// <summary>Initializes a new instance of the <see cref="AttributeDomains"/> class.</summary>
    /// <param name="allowedValues">Each attribute with its allowed values, in the order the attributes should be reported.</param>
    /// <exception cref="ArgumentNullException"><paramref name="allowedValues"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An attribute name is empty or repeated, or an attribute has no values, an empty value or a repeated value (every problem is listed).</exception>
    public AttributeDomains(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> allowedValues)
    {
        ArgumentNullException.ThrowIfNull(allowedValues);
        var problems = new List<string>();
        var names = new List<string>();
        _values = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, values) in allowedValues)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add("An attribute name is empty.");
                continue;
            }

            if (_values.ContainsKey(name))
            {
                problems.Add($"Attribute '{name}' is listed twice.");
                continue;
            }

            if (values is null || values.Count == 0)
            {
                problems.Add($"Attribute '{name}' has no allowed values.");
                continue;
            }

            if (values.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"Attribute '{name}' has an empty value.");
            }

            var duplicates = values.Where(v => v is not null).GroupBy(v => v, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (duplicates.Count > 0)
            {
                problems.Add($"Attribute '{name}' lists {string.Join(", ", duplicates.Select(d => $"'{d}'"))} more than once.");
            }

            names.Add(name);
            _values[name] = [.. values];
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid attribute schema: " + string.Join(" ", problems), nameof(allowedValues));
        }

        Attributes = names;
    }

    /// <summary>Gets the attribute names in schema order.</summary>
    public IReadOnlyList<string> Attributes { get; }

    /// <summary>Gets the allowed values of an attribute.</summary>
    /// <param name="attribute">The attribute name.</param>
    /// <returns>The allowed values in schema order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="attribute"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">The schema has no such attribute.</exception>
    public IReadOnlyList<string> GetValues(string attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return _values.TryGetValue(attribute, out var values) ? values : throw new KeyNotFoundException($"The schema has no attribute '{attribute}'.");
    }

    /// <summary>Maps a sample's value to the schema's spelling, or <see langword="null"/> when it is not an allowed value.</summary>
    internal string? Canonical(string attribute, IReadOnlyDictionary<string, string>? sample)
    {
        if (sample is null || !sample.TryGetValue(attribute, out string? value) || value is null)
        {
            return null;
        }

        foreach (string allowed in _values[attribute])
        {
            if (string.Equals(allowed, value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return allowed;
            }
        }

        return null;
    }
}
