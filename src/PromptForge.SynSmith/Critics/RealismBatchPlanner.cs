namespace PromptForge.SynSmith;

/// <summary>
/// Builds the realism discriminator's batches (reference defect 2): as many real texts as synthetic ones, the real
/// anchor drawn round-robin over the classes so every class appears (when there are at least as many synthetic
/// texts as classes), and each batch split evenly so chance stays at 0.5 in every call.
/// </summary>
internal static class RealismBatchPlanner
{
    public static IReadOnlyList<IReadOnlyList<JudgedText>> Plan(
        IReadOnlyList<(string SampleId, string Text, string? Label)> synthetic,
        RealExampleSet real,
        int maxTextsPerBatch,
        Random random)
    {
        if (synthetic.Count == 0)
        {
            return [];
        }

        // Balance needs as many real texts as synthetic ones; with a smaller real set, a random synthetic subset is judged.
        var judged = Math.Min(synthetic.Count, real.Count);
        var anchor = StratifiedDraw(real, judged, random);
        var perBatch = Math.Max(1, maxTextsPerBatch / 2);
        var batchCount = (int)Math.Ceiling(judged / (double)perBatch);
        var batches = new List<IReadOnlyList<JudgedText>>(batchCount);
        var syntheticOrder = synthetic.OrderBy(_ => random.Next()).Take(judged).ToArray();
        for (var b = 0; b < batchCount; b++)
        {
            var items = new List<(string Text, bool IsSynthetic, string? SampleId, string? Label)>();
            foreach (var s in syntheticOrder.Skip(b * perBatch).Take(perBatch))
            {
                items.Add((s.Text, true, s.SampleId, s.Label));
            }

            foreach (var r in anchor.Skip(b * perBatch).Take(items.Count))
            {
                items.Add((r.Text, false, null, r.Label));
            }

            var shuffled = items.OrderBy(_ => random.Next()).ToArray();
            batches.Add(shuffled.Select((item, i) => new JudgedText($"t{i + 1:00}", item.Text, item.IsSynthetic, item.SampleId, item.Label)).ToArray());
        }

        return batches;
    }

    /// <summary>Draws <paramref name="count"/> real examples round-robin over the classes (random order inside each class, classes in random order).</summary>
    public static IReadOnlyList<RealExample> StratifiedDraw(RealExampleSet real, int count, Random random)
    {
        var pools = real.LabelsPresent
            .OrderBy(_ => random.Next())
            .Select(label => new Queue<RealExample>(real.ByLabel[label].OrderBy(_ => random.Next())))
            .ToList();
        var drawn = new List<RealExample>(count);
        while (drawn.Count < count && pools.Count > 0)
        {
            for (var i = 0; i < pools.Count && drawn.Count < count; i++)
            {
                drawn.Add(pools[i].Dequeue());
            }

            pools.RemoveAll(p => p.Count == 0);
        }

        return drawn;
    }
}
