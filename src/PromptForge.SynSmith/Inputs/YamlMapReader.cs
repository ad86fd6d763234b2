using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PromptForge.SynSmith;

/// <summary>
/// Reads one YAML mapping strictly: every key read is remembered, so <see cref="ReportUnknownKeys"/> can name the
/// keys nobody asked for (with their line), and type errors name the field and line.
/// </summary>
internal sealed class YamlMapReader
{
    private readonly YamlMappingNode _node;
    private readonly ProblemCollector _problems;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private Dictionary<string, YamlNode>? _byKey;

    public YamlMapReader(YamlMappingNode node, string path, ProblemCollector problems)
    {
        _node = node;
        Path = path;
        _problems = problems;
    }

    public string Path { get; }

    public int Line => LineOf(_node);

    public static int LineOf(YamlNode node) => checked((int)node.Start.Line);

    /// <summary>Loads a YAML document whose root must be a mapping; reports a syntax error with its line.</summary>
    public static YamlMapReader? LoadRoot(string text, ProblemCollector problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            problems.Add(checked((int)ex.Start.Line), null, "invalid YAML: " + ex.Message);
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add(stream.Documents.Count == 0 ? 1 : LineOf(stream.Documents[0].RootNode), null, "the document must be a mapping of keys to values");
            return null;
        }

        return new YamlMapReader(root, string.Empty, problems);
    }

    public string FieldPath(string key) => Path.Length == 0 ? key : Path + "." + key;

    public void Report(YamlNode node, string key, string message) => _problems.Add(LineOf(node), FieldPath(key), message);

    public void ReportHere(string message) => _problems.Add(Line, Path.Length == 0 ? null : Path, message);

    /// <summary>Gets the value node of a key (and marks the key as known), or null when absent.</summary>
    public YamlNode? Node(string key)
    {
        _known.Add(key);

        // Indexed once: a scan per lookup made a mapping of a million keys cost minutes.
        if (_byKey is null)
        {
            _byKey = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (k, v) in _node.Children)
            {
                if (k is YamlScalarNode { Value: { } name })
                {
                    _byKey.TryAdd(name, v);
                }
            }
        }

        return _byKey.GetValueOrDefault(key);
    }

    public bool Has(string key) => Node(key) is { } node && !IsNull(node);

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public string? String(string key)
    {
        var node = Node(key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        Report(node, key, "expected a text value");
        return null;
    }

    public int? Int(string key, int min = int.MinValue)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min)
        {
            return value;
        }

        Report(Node(key)!, key, min == int.MinValue ? $"expected an integer, found '{text}'" : $"expected an integer >= {min}, found '{text}'");
        return null;
    }

    public double? Double(string key, double min = double.MinValue, double max = double.MaxValue)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= min && value <= max)
        {
            return value;
        }

        Report(Node(key)!, key, $"expected a number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, found '{text}'");
        return null;
    }

    public bool? Bool(string key)
    {
        var text = String(key);
        switch (text)
        {
            case null:
                return null;
            case "true" or "True" or "TRUE" or "yes" or "on":
                return true;
            case "false" or "False" or "FALSE" or "no" or "off":
                return false;
            default:
                Report(Node(key)!, key, $"expected true or false, found '{text}'");
                return null;
        }
    }

    public YamlMapReader? Map(string key)
    {
        var node = Node(key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlMappingNode map)
        {
            return new YamlMapReader(map, FieldPath(key), _problems);
        }

        Report(node, key, "expected a mapping of keys to values");
        return null;
    }

    /// <summary>Enumerates the (key, value) pairs in file order, marking every key as known.</summary>
    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries()
    {
        foreach (var (k, v) in _node.Children)
        {
            if (k is YamlScalarNode { Value: { } name })
            {
                _known.Add(name);
                yield return (name, k, v);
            }
            else
            {
                _problems.Add(LineOf(k), Path.Length == 0 ? null : Path, "keys must be plain text");
            }
        }
    }

    /// <summary>Reports every key that was never read: it is unknown (a typo or an unsupported option).</summary>
    public void ReportUnknownKeys()
    {
        string? allowed = null;
        foreach (var (k, _) in _node.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && !_known.Contains(name))
            {
                // Once the list is full the problem is only counted: no message is built for the millionth bad key.
                allowed ??= string.Join(", ", _known.Order(StringComparer.Ordinal));
                _problems.Add(LineOf(k), FieldPath(name), _problems.IsFull ? string.Empty : $"unknown key (allowed here: {allowed})");
            }
        }
    }
}
