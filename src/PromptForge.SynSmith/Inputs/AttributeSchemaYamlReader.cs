using YamlDotNet.RepresentationModel;

namespace PromptForge.SynSmith;

/// <summary>Reads the reference's <c>schema.yaml</c>: attributes, label_attribute, invalid_combinations, task_description, domain.</summary>
internal static class AttributeSchemaYamlReader
{
    public static AttributeSchema Read(string yaml, string sourceName, int maxListedProblems)
    {
        var problems = new ProblemCollector(sourceName, maxListedProblems);
        var root = YamlMapReader.LoadRoot(yaml, problems);
        if (root is null)
        {
            problems.ThrowIfAny();
        }

        var lines = new SchemaLines();
        var attributes = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        var attributesNode = root!.Node("attributes");
        if (attributesNode is null || YamlMapReader.IsNull(attributesNode))
        {
            lines.AttributesLine = attributesNode is null ? root.Line : YamlMapReader.LineOf(attributesNode);
        }
        else if (attributesNode is not YamlMappingNode)
        {
            root.Report(attributesNode, "attributes", "expected a mapping of attribute names to lists of values");
        }
        else
        {
            var map = root.Map("attributes")!;
            lines.AttributesLine = map.Line;
            foreach (var (name, keyNode, valuesNode) in map.Entries())
            {
                lines.Attribute[name] = YamlMapReader.LineOf(keyNode);
                var values = new List<string>();
                var valueLines = new List<int>();
                if (valuesNode is YamlSequenceNode sequence)
                {
                    foreach (var item in sequence.Children)
                    {
                        if (item is YamlScalarNode { Value: { } value } && !YamlMapReader.IsNull(item))
                        {
                            values.Add(value);
                        }
                        else
                        {
                            values.Add(string.Empty);
                        }

                        valueLines.Add(YamlMapReader.LineOf(item));
                    }
                }
                else if (!YamlMapReader.IsNull(valuesNode))
                {
                    map.Report(valuesNode, name, "expected a list of allowed values");
                    continue;
                }

                lines.Values[name] = valueLines;
                attributes.Add(new(name, values));
            }
        }

        var labelNode = root.Node("label_attribute");
        lines.LabelLine = labelNode is null ? root.Line : YamlMapReader.LineOf(labelNode);
        var label = root.String("label_attribute") ?? string.Empty;

        var combos = new List<IReadOnlyDictionary<string, string>>();
        var combosNode = root.Node("invalid_combinations");
        if (combosNode is YamlSequenceNode comboSequence)
        {
            var index = 0;
            foreach (var item in comboSequence.Children)
            {
                lines.InvalidCombinations.Add(YamlMapReader.LineOf(item));
                var combination = new Dictionary<string, string>(StringComparer.Ordinal);
                if (item is YamlMappingNode comboMap)
                {
                    foreach (var (k, v) in comboMap.Children)
                    {
                        if (k is YamlScalarNode { Value: { } key } && v is YamlScalarNode { Value: { } value })
                        {
                            combination[key] = value;
                        }
                        else
                        {
                            problems.Add(YamlMapReader.LineOf(k), $"invalid_combinations[{index}]", "expected attribute: value pairs");
                        }
                    }
                }
                else
                {
                    problems.Add(YamlMapReader.LineOf(item), $"invalid_combinations[{index}]", "expected a mapping of attribute: value pairs");
                }

                combos.Add(combination);
                index++;
            }
        }
        else if (combosNode is not null && !YamlMapReader.IsNull(combosNode))
        {
            root.Report(combosNode, "invalid_combinations", "expected a list of attribute: value mappings");
        }

        var task = root.String("task_description");
        var domain = root.String("domain");
        root.ReportUnknownKeys();

        return new AttributeSchema(attributes, label, combos, task, domain, problems, lines);
    }
}
