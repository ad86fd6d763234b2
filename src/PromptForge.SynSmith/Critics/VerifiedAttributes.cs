namespace PromptForge.SynSmith;

/// <summary>
/// The attribute values the generated texts actually have: the generator's declared attributes, minus every
/// attribute the attribute verifier failed (and without unverified samples) when the verifier ran. Diversity and
/// mode-seeking figures use these, not the REQUESTED attributes, which only measure the planner (reference defect 13).
/// </summary>
internal static class VerifiedAttributes
{
    public static (IReadOnlyList<(Sample Sample, IReadOnlyDictionary<string, string> Attributes)> Rows, string Source) Collect(
        IReadOnlyList<Sample> samples, IReadOnlyList<Critique> priorCritiques)
    {
        var verifier = priorCritiques.FirstOrDefault(c => c.CriticName == SynSmithCriticNames.AttributeVerifier && !c.Failed);
        if (verifier is null)
        {
            return (samples.Select(s => (s, Declared(s))).ToArray(), "declared by the generator (no attribute verifier ran)");
        }

        var verdicts = verifier.Verdicts.GroupBy(v => v.SampleId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var rows = new List<(Sample, IReadOnlyDictionary<string, string>)>();
        foreach (var sample in samples)
        {
            if (!verdicts.TryGetValue(sample.Id, out var verdict) || verdict.Passed is null)
            {
                continue;
            }

            var verified = Declared(sample).Where(p => !verdict.FailedAttributes.Contains(p.Key, StringComparer.Ordinal)).ToDictionary(StringComparer.Ordinal);
            rows.Add((sample, verified));
        }

        return (rows, "verified by the attribute verifier");
    }

    private static IReadOnlyDictionary<string, string> Declared(Sample sample) =>
        sample.GeneratedAttributes.Count > 0 ? sample.GeneratedAttributes : sample.RequestedAttributes;
}
