namespace PromptForge.SynSmith;

/// <summary>Where things were in a schema file, so validation problems can name the line.</summary>
internal sealed class SchemaLines
{
    public int? AttributesLine { get; set; }

    public int? LabelLine { get; set; }

    public Dictionary<string, int> Attribute { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<int>> Values { get; } = new(StringComparer.Ordinal);

    public List<int> InvalidCombinations { get; } = [];

    public int? AttributeLine(string name) => Attribute.TryGetValue(name, out var line) ? line : null;

    public int? ValueLine(string name, int index) =>
        Values.TryGetValue(name, out var lines) && index < lines.Count ? lines[index] : null;

    public int? InvalidCombinationLine(int index) => index < InvalidCombinations.Count ? InvalidCombinations[index] : null;
}
