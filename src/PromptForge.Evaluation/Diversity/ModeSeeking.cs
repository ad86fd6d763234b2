using System.Numerics.Tensors;

namespace PromptForge.Evaluation;

/// <summary>
/// The mode-seeking ratio (the MSGAN idea applied to a generator prompt) and per-attribute sensitivity: does the text
/// change when the attributes it was asked for change?
/// </summary>
/// <remarks>
/// The Hamming distance is divided by the number of attributes, so the ratio's scale does not depend on how many
/// attributes the schema has. Both metrics average over a fixed number of seeded random pairs, so batches of
/// different sizes compare fairly. Pass the attributes the samples actually have (verified or generated).
/// </remarks>
public static class ModeSeeking
{
    /// <summary>Computes the mode-seeking ratio and the sensitivity of every attribute in <paramref name="attributeNames"/>.</summary>
    /// <param name="embeddings">One embedding per sample.</param>
    /// <param name="attributes">Each sample's attributes, in the same order as the embeddings.</param>
    /// <param name="attributeNames">The attributes to compare (for example the schema's attributes).</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests (checked between attributes).</param>
    /// <returns>The ratio, the mean text distance and the sensitivities; "not measured" when fewer than 2 samples have every attribute or no pair differs.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The numbers of embeddings and attribute sets differ, <paramref name="attributeNames"/> is empty, or <paramref name="options"/> is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static ModeSeekingResult Compute(
        EmbeddingMatrix embeddings,
        IReadOnlyList<IReadOnlyDictionary<string, string>> attributes,
        IReadOnlyList<string> attributeNames,
        ModeSeekingOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(attributeNames);
        options = OptionsValidation.ValidateOrDefault(options, nameof(options));
        if (embeddings.RowCount != attributes.Count)
        {
            throw new ArgumentException($"There are {embeddings.RowCount} embeddings but {attributes.Count} attribute sets.", nameof(attributes));
        }

        if (attributeNames.Count == 0)
        {
            throw new ArgumentException("At least one attribute name is needed.", nameof(attributeNames));
        }

        // Samples lacking an attribute cannot be placed in attribute space and are left out.
        var eligible = new List<int>();
        var values = new List<string[]>();
        for (int i = 0; i < attributes.Count; i++)
        {
            var sample = attributes[i];
            var row = new string[attributeNames.Count];
            bool complete = sample is not null;
            for (int a = 0; complete && a < attributeNames.Count; a++)
            {
                complete = sample!.TryGetValue(attributeNames[a], out string? v) && !string.IsNullOrWhiteSpace(v);
                row[a] = complete ? sample[attributeNames[a]].Trim().ToUpperInvariant() : string.Empty;
            }

            if (complete)
            {
                eligible.Add(i);
                values.Add(row);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var norms = embeddings.RowNorms();
        var random = new Random(options.Seed);
        var (ratio, distance) = MeasureRatio(embeddings, norms, eligible, values, options.PairSampleSize, random);
        var sensitivity = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
        for (int a = 0; a < attributeNames.Count; a++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sensitivity[attributeNames[a]] = MeasureSensitivity(embeddings, norms, eligible, values, a, attributeNames[a], options.SensitivityPairSampleSize, random);
        }

        return new ModeSeekingResult { Ratio = ratio, MeanTextDistance = distance, Sensitivity = sensitivity, SampleCount = eligible.Count };
    }

    private static double TextDistance(EmbeddingMatrix x, float[] norms, int i, int j)
    {
        float denominator = norms[i] * norms[j];
        double cosine = denominator > 0f ? TensorPrimitives.Dot(x[i], x[j]) / denominator : 0.0;
        return 1.0 - cosine;
    }

    private static int Hamming(string[] a, string[] b)
    {
        int distance = 0;
        for (int k = 0; k < a.Length; k++)
        {
            distance += string.Equals(a[k], b[k], StringComparison.Ordinal) ? 0 : 1;
        }

        return distance;
    }

    private static (MetricValue Ratio, MetricValue Distance) MeasureRatio(
        EmbeddingMatrix x, float[] norms, List<int> eligible, List<string[]> values, int pairBudget, Random random)
    {
        int m = eligible.Count;
        if (m < 2)
        {
            var notMeasured = MetricValue.NotMeasured("fewer than 2 samples have every attribute", m);
            return (notMeasured, notMeasured);
        }

        double ratioSum = 0;
        double distanceSum = 0;
        int used = 0;
        void Use(int p, int q)
        {
            int hamming = Hamming(values[p], values[q]);
            if (hamming == 0)
            {
                return;
            }

            double distance = TextDistance(x, norms, eligible[p], eligible[q]);
            ratioSum += distance / ((double)hamming / values[p].Length);
            distanceSum += distance;
            used++;
        }

        long totalPairs = (long)m * (m - 1) / 2;
        if (totalPairs <= pairBudget)
        {
            for (int p = 0; p < m; p++)
            {
                for (int q = p + 1; q < m; q++)
                {
                    Use(p, q);
                }
            }
        }
        else
        {
            // Draw random pairs until the budget of pairs with different attributes is met (bounded attempts).
            long attempts = 0;
            long maxAttempts = 50L * pairBudget;
            while (used < pairBudget && attempts++ < maxAttempts)
            {
                int p = random.Next(m);
                int q = random.Next(m - 1);
                Use(p, q >= p ? q + 1 : q);
            }
        }

        return used == 0
            ? (MetricValue.NotMeasured("every sample has the same attribute values", m), MetricValue.NotMeasured("every sample has the same attribute values", m))
            : (MetricValue.Measured(ratioSum / used, used), MetricValue.Measured(distanceSum / used, used));
    }

    private static MetricValue MeasureSensitivity(
        EmbeddingMatrix x, float[] norms, List<int> eligible, List<string[]> values, int attribute, string name, int pairBudget, Random random)
    {
        // Samples that agree on every other attribute share a group; pairs inside a group that differ in this attribute
        // differ in it only.
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int p = 0; p < values.Count; p++)
        {
            string key = string.Join('\u001f', values[p].Where((_, k) => k != attribute));
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
            }

            members.Add(p);
        }

        var groupList = groups.Values.ToList();
        var pairCounts = groupList.Select(g =>
        {
            long size = g.Count;
            long same = g.GroupBy(p => values[p][attribute], StringComparer.Ordinal).Sum(v => (long)v.Count() * v.Count());
            return ((size * size) - same) / 2;
        }).ToArray();
        long totalPairs = pairCounts.Sum();
        if (totalPairs == 0)
        {
            return MetricValue.NotMeasured($"no two samples differ in '{name}' only", 0);
        }

        double sum = 0;
        int used = 0;
        if (totalPairs <= pairBudget)
        {
            foreach (var group in groupList)
            {
                for (int a = 0; a < group.Count; a++)
                {
                    for (int b = a + 1; b < group.Count; b++)
                    {
                        if (!string.Equals(values[group[a]][attribute], values[group[b]][attribute], StringComparison.Ordinal))
                        {
                            sum += TextDistance(x, norms, eligible[group[a]], eligible[group[b]]);
                            used++;
                        }
                    }
                }
            }
        }
        else
        {
            // Pick a group in proportion to its pair count, then a pair inside it by rejection: uniform over pairs.
            var cumulative = new long[pairCounts.Length];
            long running = 0;
            for (int g = 0; g < pairCounts.Length; g++)
            {
                running += pairCounts[g];
                cumulative[g] = running;
            }

            long attempts = 0;
            long maxAttempts = 1_000L * pairBudget;
            while (used < pairBudget && attempts++ < maxAttempts)
            {
                long target = random.NextInt64(totalPairs);
                int g = Array.BinarySearch(cumulative, target + 1);
                g = g >= 0 ? g : ~g;
                var group = groupList[g];
                int a = random.Next(group.Count);
                int b = random.Next(group.Count - 1);
                b = b >= a ? b + 1 : b;
                if (!string.Equals(values[group[a]][attribute], values[group[b]][attribute], StringComparison.Ordinal))
                {
                    sum += TextDistance(x, norms, eligible[group[a]], eligible[group[b]]);
                    used++;
                }
            }
        }

        return used == 0
            ? MetricValue.NotMeasured($"no pair differing in '{name}' only was drawn", 0)
            : MetricValue.Measured(sum / used, used);
    }
}
