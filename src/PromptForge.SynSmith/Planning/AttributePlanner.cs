using System.Collections.ObjectModel;

namespace PromptForge.SynSmith;

/// <summary>
/// Plans target attribute vectors for one generation round. Targeted combinations come first, then the chosen
/// <see cref="PlannerStrategy"/> fills the rest. An invalid combination is never emitted: values are drawn with
/// the strategy's weights and the draw backtracks whenever a partial assignment matches an invalid combination.
/// All randomness comes from the <see cref="Random"/> passed in (seeded by the loop).
/// </summary>
public sealed class AttributePlanner
{
    private readonly AttributeSchema _schema;

    /// <summary>Initializes a new instance of the <see cref="AttributePlanner"/> class.</summary>
    /// <param name="schema">The attribute schema.</param>
    /// <param name="strategy">The strategy that fills the targets not given explicitly.</param>
    /// <param name="targetedCombinations">Partial assignments to request first (each must be valid for the schema).</param>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A targeted combination names an unknown attribute or value, or matches an invalid combination.</exception>
    public AttributePlanner(AttributeSchema schema, PlannerStrategy strategy = PlannerStrategy.Stratified, IEnumerable<IReadOnlyDictionary<string, string>>? targetedCombinations = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (!Enum.IsDefined(strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown planner strategy.");
        }

        _schema = schema;
        Strategy = strategy;
        var targeted = (targetedCombinations ?? []).ToArray();
        var problems = new List<string>();
        for (var i = 0; i < targeted.Length; i++)
        {
            if (targeted[i] is null || !schema.IsValid(targeted[i]))
            {
                problems.Add($"targeted combination {i} ({Describe(targeted[i])}) names an unknown attribute or value, or matches an invalid combination");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(targetedCombinations));
        }

        TargetedCombinations = targeted;
    }

    /// <summary>Gets the strategy.</summary>
    public PlannerStrategy Strategy { get; }

    /// <summary>Gets the partial assignments requested before the strategy's own draws.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> TargetedCombinations { get; }

    /// <summary>Plans <paramref name="count"/> full target vectors.</summary>
    /// <param name="count">The number of targets.</param>
    /// <param name="existing">The attribute vectors of the samples kept so far (drive coverage-gap counts and class deficits).</param>
    /// <param name="random">The seeded random source.</param>
    /// <param name="extraTargets">Additional partial assignments to request first for this round only (after <see cref="TargetedCombinations"/>); invalid ones are skipped.</param>
    /// <returns>The full target vectors; each is valid for the schema.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="existing"/> or <paramref name="random"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">No valid full vector exists for a targeted combination.</exception>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Plan(
        int count,
        IEnumerable<IReadOnlyDictionary<string, string>> existing,
        Random random,
        IEnumerable<IReadOnlyDictionary<string, string>>? extraTargets = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(random);

        var cellCounts = new Dictionary<(string, string), int>();
        var labelCounts = _schema.Labels.ToDictionary(l => l, _ => 0, StringComparer.Ordinal);
        var existingCount = 0;
        foreach (var vector in existing)
        {
            Count(vector, cellCounts, labelCounts);
            existingCount++;
        }

        var fixedTargets = TargetedCombinations
            .Concat((extraTargets ?? []).Where(t => t is not null && _schema.IsValid(t)))
            .Take(count)
            .ToArray();

        var plan = new List<IReadOnlyDictionary<string, string>>(count);
        var labelQuota = (int)Math.Ceiling((existingCount + (double)count) / _schema.Labels.Count);
        for (var i = 0; i < count; i++)
        {
            var partial = new Dictionary<string, string>(StringComparer.Ordinal);
            if (i < fixedTargets.Length)
            {
                foreach (var (k, v) in fixedTargets[i])
                {
                    partial[k] = v;
                }
            }
            else if (Strategy == PlannerStrategy.ClassBalanced)
            {
                partial[_schema.LabelAttribute] = LargestDeficit(labelCounts, labelQuota);
            }

            var target = Complete(partial, cellCounts, random)
                ?? throw new InvalidOperationException($"No valid attribute vector completes {Describe(partial)}; check the schema's invalid_combinations.");
            Count(target, cellCounts, labelCounts);
            plan.Add(target);
        }

        return plan;
    }

    private static string Describe(IReadOnlyDictionary<string, string>? vector) =>
        vector is null ? "null" : string.Join(", ", vector.Select(p => $"{p.Key}={p.Value}"));

    private void Count(IReadOnlyDictionary<string, string> vector, Dictionary<(string, string), int> cells, Dictionary<string, int> labels)
    {
        foreach (var (k, v) in vector)
        {
            cells[(k, v)] = cells.GetValueOrDefault((k, v)) + 1;
            if (k == _schema.LabelAttribute && labels.TryGetValue(v, out var n))
            {
                labels[v] = n + 1;
            }
        }
    }

    private string LargestDeficit(Dictionary<string, int> labelCounts, int quota)
    {
        // Ties resolve in schema order so the plan is reproducible and readable.
        var best = _schema.Labels[0];
        var bestDeficit = int.MinValue;
        foreach (var label in _schema.Labels)
        {
            var deficit = quota - labelCounts[label];
            if (deficit > bestDeficit)
            {
                best = label;
                bestDeficit = deficit;
            }
        }

        return best;
    }

    private ReadOnlyDictionary<string, string>? Complete(Dictionary<string, string> partial, Dictionary<(string, string), int> cells, Random random)
    {
        if (_schema.IsForbidden(partial))
        {
            return null;
        }

        var open = _schema.AttributeNames.Where(a => !partial.ContainsKey(a)).ToArray();
        if (!Search(partial, open, 0, cells, random))
        {
            return null;
        }

        // Present attributes in schema order.
        var ordered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in _schema.AttributeNames)
        {
            ordered[name] = partial[name];
        }

        return new ReadOnlyDictionary<string, string>(ordered);
    }

    private bool Search(Dictionary<string, string> partial, string[] open, int index, Dictionary<(string, string), int> cells, Random random)
    {
        if (index == open.Length)
        {
            return true;
        }

        var attribute = open[index];
        foreach (var value in WeightedOrder(attribute, cells, random))
        {
            partial[attribute] = value;
            if (!_schema.IsForbidden(partial) && Search(partial, open, index + 1, cells, random))
            {
                return true;
            }
        }

        partial.Remove(attribute);
        return false;
    }

    /// <summary>All values of an attribute in a random order drawn with the strategy's weights (Efraimidis-Spirakis keys).</summary>
    private IEnumerable<string> WeightedOrder(string attribute, Dictionary<(string, string), int> cells, Random random)
    {
        var values = _schema.Attributes[attribute];
        var keyed = new (double Key, string Value)[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var weight = Strategy == PlannerStrategy.CoverageGap
                ? 1.0 / (1 + cells.GetValueOrDefault((attribute, values[i])))
                : 1.0;
            keyed[i] = (Math.Pow(random.NextDouble(), 1.0 / weight), values[i]);
        }

        return keyed.OrderByDescending(k => k.Key).Select(k => k.Value);
    }
}
