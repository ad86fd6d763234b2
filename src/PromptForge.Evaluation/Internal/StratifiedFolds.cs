namespace PromptForge.Evaluation;

/// <summary>Seeded stratified assignment of items to folds or splits.</summary>
internal static class StratifiedFolds
{
    /// <summary>
    /// Assigns each item a fold in [0, <paramref name="folds"/>): items of each class are shuffled and dealt round-robin,
    /// continuing where the previous class stopped, so every fold gets nearly the same size and class mix.
    /// </summary>
    public static int[] Assign<TLabel>(IReadOnlyList<TLabel> labels, int folds, Random random)
        where TLabel : notnull
    {
        var assignment = new int[labels.Count];
        int next = 0;
        foreach (var group in labels.Select((label, index) => (label, index)).GroupBy(p => p.label).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal))
        {
            var members = group.Select(p => p.index).ToArray();
            random.Shuffle(members);
            foreach (int member in members)
            {
                assignment[member] = next;
                next = (next + 1) % folds;
            }
        }

        return assignment;
    }
}
