namespace PromptForge.Evaluation;

/// <summary>Seeded sampling helpers shared by the metrics.</summary>
internal static class Sampling
{
    /// <summary>Returns <paramref name="count"/> distinct indices from [0, <paramref name="population"/>) in ascending order, or all of them.</summary>
    public static int[] SampleIndices(int population, int count, Random random)
    {
        if (count >= population)
        {
            return Enumerable.Range(0, population).ToArray();
        }

        // Partial Fisher-Yates over an index array: O(population) memory, exact uniform sample without replacement.
        var indices = Enumerable.Range(0, population).ToArray();
        for (int i = 0; i < count; i++)
        {
            int j = random.Next(i, population);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        var sample = indices.AsSpan(0, count).ToArray();
        Array.Sort(sample);
        return sample;
    }

    /// <summary>Returns the items at the given indices.</summary>
    public static List<T> Select<T>(IReadOnlyList<T> items, IReadOnlyList<int> indices)
    {
        var result = new List<T>(indices.Count);
        foreach (int index in indices)
        {
            result.Add(items[index]);
        }

        return result;
    }
}
