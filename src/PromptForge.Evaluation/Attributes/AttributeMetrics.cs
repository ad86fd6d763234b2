namespace PromptForge.Evaluation;

/// <summary>
/// Attribute diversity: per-attribute normalized entropy and coverage, and combination coverage over attribute pairs.
/// Pass the attributes the texts actually have (generated or verified), not the requested ones: the requested
/// attributes measure the planner, not the text.
/// </summary>
public static class AttributeMetrics
{
    /// <summary>Computes the normalized entropy and coverage of every attribute of <paramref name="schema"/>.</summary>
    /// <param name="attributes">Each sample's attributes (name to value); samples may lack attributes.</param>
    /// <param name="schema">The attributes and their allowed values.</param>
    /// <returns>One distribution per schema attribute, in schema order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="attributes"/> or <paramref name="schema"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<AttributeDistribution> Distributions(
        IReadOnlyList<IReadOnlyDictionary<string, string>> attributes,
        AttributeDomains schema)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(schema);
        var result = new List<AttributeDistribution>(schema.Attributes.Count);
        foreach (string attribute in schema.Attributes)
        {
            var allowed = schema.GetValues(attribute);
            var counts = allowed.ToDictionary(v => v, _ => 0, StringComparer.Ordinal);
            int unrecognized = 0;
            foreach (var sample in attributes)
            {
                if (schema.Canonical(attribute, sample) is { } value)
                {
                    counts[value]++;
                }
                else
                {
                    unrecognized++;
                }
            }

            int n = attributes.Count - unrecognized;
            int observed = counts.Values.Count(c => c > 0);
            MetricValue entropy;
            MetricValue coverage;
            if (n == 0)
            {
                entropy = coverage = MetricValue.NotMeasured($"no sample has an allowed value of '{attribute}'", 0);
            }
            else
            {
                coverage = MetricValue.Measured((double)observed / allowed.Count, n);
                entropy = allowed.Count < 2
                    ? MetricValue.NotMeasured($"'{attribute}' has a single allowed value, so its entropy cannot be normalized", n)
                    : MetricValue.Measured(Entropy(counts.Values, n) / Math.Log(allowed.Count), n);
            }

            result.Add(new AttributeDistribution
            {
                Attribute = attribute,
                NormalizedEntropy = entropy,
                Coverage = coverage,
                Counts = allowed.ToDictionary(v => v, v => counts[v], StringComparer.Ordinal),
                MissingValues = allowed.Where(v => counts[v] == 0).ToList(),
                UnrecognizedCount = unrecognized,
            });
        }

        return result;
    }

    /// <summary>
    /// Computes combination coverage: for every pair of schema attributes, the share of valid value combinations
    /// (cells) that at least one sample occupies, pooled over all pairs.
    /// </summary>
    /// <param name="attributes">Each sample's attributes (name to value).</param>
    /// <param name="schema">The attributes and their allowed values.</param>
    /// <param name="isValidCombination">
    /// Decides whether a cell can exist at all (for example <c>intent = greeting</c> with <c>urgency = high</c> may be
    /// impossible); invalid cells count neither as missing nor as covered. <see langword="null"/> treats every cell as valid.
    /// </param>
    /// <returns>The pooled coverage and each pair's coverage with its missing cells.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="attributes"/> or <paramref name="schema"/> is <see langword="null"/>.</exception>
    public static CombinationCoverageResult CombinationCoverage(
        IReadOnlyList<IReadOnlyDictionary<string, string>> attributes,
        AttributeDomains schema,
        Func<AttributeAssignment, AttributeAssignment, bool>? isValidCombination = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(schema);
        var pairs = new List<AttributePairCoverage>();
        int totalValid = 0;
        int totalCovered = 0;
        var names = schema.Attributes;
        for (int a = 0; a < names.Count; a++)
        {
            for (int b = a + 1; b < names.Count; b++)
            {
                var seen = new HashSet<(string, string)>();
                foreach (var sample in attributes)
                {
                    if (schema.Canonical(names[a], sample) is { } first && schema.Canonical(names[b], sample) is { } second)
                    {
                        seen.Add((first, second));
                    }
                }

                int valid = 0;
                int covered = 0;
                var missing = new List<AttributeCombination>();
                foreach (string first in schema.GetValues(names[a]))
                {
                    foreach (string second in schema.GetValues(names[b]))
                    {
                        var cell = new AttributeCombination(new AttributeAssignment(names[a], first), new AttributeAssignment(names[b], second));
                        if (isValidCombination is not null && !isValidCombination(cell.First, cell.Second))
                        {
                            continue;
                        }

                        valid++;
                        if (seen.Contains((first, second)))
                        {
                            covered++;
                        }
                        else
                        {
                            missing.Add(cell);
                        }
                    }
                }

                totalValid += valid;
                totalCovered += covered;
                pairs.Add(new AttributePairCoverage
                {
                    FirstAttribute = names[a],
                    SecondAttribute = names[b],
                    Coverage = valid == 0
                        ? MetricValue.NotMeasured($"no valid combination of '{names[a]}' and '{names[b]}'", attributes.Count)
                        : MetricValue.Measured((double)covered / valid, attributes.Count),
                    ValidCellCount = valid,
                    CoveredCellCount = covered,
                    MissingCells = missing,
                });
            }
        }

        MetricValue coverage = names.Count < 2
            ? MetricValue.NotMeasured("combination coverage needs at least 2 attributes", attributes.Count)
            : attributes.Count == 0
                ? MetricValue.NotMeasured("no samples", 0)
                : totalValid == 0
                    ? MetricValue.NotMeasured("no valid attribute combination", attributes.Count)
                    : MetricValue.Measured((double)totalCovered / totalValid, attributes.Count);
        return new CombinationCoverageResult
        {
            Coverage = coverage,
            ValidCellCount = totalValid,
            CoveredCellCount = totalCovered,
            Pairs = pairs,
        };
    }

    private static double Entropy(IEnumerable<int> counts, int total)
    {
        double entropy = 0;
        foreach (int count in counts)
        {
            if (count > 0)
            {
                double p = (double)count / total;
                entropy -= p * Math.Log(p);
            }
        }

        return entropy;
    }
}
