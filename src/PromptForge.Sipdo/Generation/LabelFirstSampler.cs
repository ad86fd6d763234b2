namespace PromptForge.Sipdo;

/// <summary>
/// Label-first sampling that keeps the synthetic label distribution close to the real one: each draw picks the label
/// whose addition most lowers KL(synthetic || real), breaking ties at random (the paper's KL "tax" made greedy).
/// </summary>
internal static class LabelFirstSampler
{
    /// <summary>A small floor added to every real share, so a label absent from the real examples stays drawable (rarely) and KL stays finite.</summary>
    private const double Smoothing = 0.005;

    public static string Next(IReadOnlyList<string> labelSpace, IReadOnlyDictionary<string, double> realShares, IReadOnlyDictionary<string, int> drawn, Random random)
    {
        var target = Target(labelSpace, realShares);
        var total = drawn.Values.Sum() + 1.0;
        var best = new List<string>();
        var bestDivergence = double.PositiveInfinity;
        foreach (var candidate in labelSpace)
        {
            var divergence = 0.0;
            foreach (var label in labelSpace)
            {
                var count = drawn.GetValueOrDefault(label) + (label == candidate ? 1 : 0);
                if (count == 0)
                {
                    continue;
                }

                var q = count / total;
                divergence += q * Math.Log(q / target[label]);
            }

            if (divergence < bestDivergence - 1e-12)
            {
                bestDivergence = divergence;
                best.Clear();
                best.Add(candidate);
            }
            else if (Math.Abs(divergence - bestDivergence) <= 1e-12)
            {
                best.Add(candidate);
            }
        }

        return best[random.Next(best.Count)];
    }

    /// <summary>A label drawn at random from the (smoothed) real label shares, ỹ ~ p*(y): the extra candidates of adversarial selection.</summary>
    public static string SampleReal(IReadOnlyList<string> labelSpace, IReadOnlyDictionary<string, double> realShares, Random random)
    {
        var target = Target(labelSpace, realShares);
        var draw = random.NextDouble();
        foreach (var label in labelSpace)
        {
            draw -= target[label];
            if (draw < 0)
            {
                return label;
            }
        }

        return labelSpace[^1];
    }

    /// <summary>KL divergence of the drawn labels from the smoothed real distribution (0 when nothing was drawn).</summary>
    public static double Divergence(IReadOnlyList<string> labelSpace, IReadOnlyDictionary<string, double> realShares, IReadOnlyDictionary<string, int> drawn)
    {
        var target = Target(labelSpace, realShares);
        double total = drawn.Where(kv => target.ContainsKey(kv.Key)).Sum(kv => kv.Value);
        return total == 0
            ? 0
            : labelSpace.Where(l => drawn.GetValueOrDefault(l) > 0).Sum(l => drawn[l] / total * Math.Log(drawn[l] / total / target[l]));
    }

    private static Dictionary<string, double> Target(IReadOnlyList<string> labelSpace, IReadOnlyDictionary<string, double> realShares)
    {
        var raw = labelSpace.ToDictionary(l => l, l => realShares.GetValueOrDefault(l) + Smoothing, StringComparer.Ordinal);
        var sum = raw.Values.Sum();
        return raw.ToDictionary(kv => kv.Key, kv => kv.Value / sum, StringComparer.Ordinal);
    }
}
