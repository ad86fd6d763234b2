namespace PromptForge.SynSmith;

/// <summary>
/// The attribute values the generated texts actually have, as the attribute verifier read them: a declared value
/// the verifier did not fail is kept; a failed one is replaced by the value the verifier read (the label it read
/// blind, or a read auxiliary value) when that is a schema value, and left out otherwise. Samples without a verdict
/// are left out. Diversity, mode-seeking, the planner's coverage counts and the export use these, not the REQUESTED
/// attributes, which only measure the planner (reference defect 13). The verifier publishes each sample's values in
/// its typed result (<see cref="AttributeVerification"/>, saved as its details), so they survive a resume; <see cref="Sample.GeneratedAttributes"/> keeps
/// what the generator declared.
/// </summary>
internal static class VerifiedAttributes
{
    /// <summary>Where the attributes of <see cref="Collect"/> came from when the verifier ran.</summary>
    public const string VerifiedSource = "read by the attribute verifier (confirmed values, and the verifier's reading where a requested value failed)";

    /// <summary>Where the attributes of <see cref="Collect"/> came from when no verifier ran.</summary>
    public const string DeclaredSource = "declared by the generator (no attribute verifier ran)";

    /// <summary>The attributes a text has according to one verdict.</summary>
    /// <param name="schema">The schema (valid values).</param>
    /// <param name="declared">The attributes the generator declared.</param>
    /// <param name="failed">The attributes the verifier failed.</param>
    /// <param name="readLabel">The label the verifier read blind.</param>
    /// <param name="readAttributes">The values the verifier read, when it gave them.</param>
    public static Dictionary<string, string> FromVerdict(
        AttributeSchema schema,
        IReadOnlyDictionary<string, string> declared,
        IReadOnlyCollection<string> failed,
        string? readLabel,
        IReadOnlyDictionary<string, string>? readAttributes)
    {
        var verified = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in schema.AttributeNames)
        {
            if (!failed.Contains(name))
            {
                if (declared.TryGetValue(name, out var value))
                {
                    verified[name] = value;
                }

                continue;
            }

            var read = name == schema.LabelAttribute ? readLabel?.Trim() : readAttributes?.GetValueOrDefault(name)?.Trim();
            if (read is not null && schema.Attributes[name].Contains(read, StringComparer.Ordinal) && (!declared.TryGetValue(name, out var requested) || read != requested))
            {
                verified[name] = read;
            }
        }

        return verified;
    }

    /// <summary>The verified attributes the verifier recorded in its result, by sample id.</summary>
    /// <param name="verification">An attribute verifier's result.</param>
    public static Dictionary<string, IReadOnlyDictionary<string, string>> FromResult(AttributeVerification verification) =>
        verification.Verdicts
            .GroupBy(v => v.SampleId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().GeneratedAttributes, StringComparer.Ordinal);

    /// <summary>The verified attributes of every sample some verifier critique of <paramref name="history"/> judged, by sample id.</summary>
    /// <param name="history">Iteration records.</param>
    public static Dictionary<string, IReadOnlyDictionary<string, string>> FromHistory(IEnumerable<IterationRecord> history)
    {
        var bySample = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var verification in history.SelectMany(r => r.Critiques).Where(c => !c.Failed).ResultsOf(AttributeVerification.Key))
        {
            foreach (var (id, attributes) in FromResult(verification))
            {
                bySample[id] = attributes;
            }
        }

        return bySample;
    }

    /// <summary>The verified attributes of this iteration's samples (all declared ones when no verifier ran before this critic).</summary>
    /// <param name="samples">The samples.</param>
    /// <param name="priorCritiques">The critiques of earlier stages.</param>
    public static (IReadOnlyList<(Sample Sample, IReadOnlyDictionary<string, string> Attributes)> Rows, string Source) Collect(
        IReadOnlyList<Sample> samples, IReadOnlyList<Critique> priorCritiques)
    {
        var verifier = priorCritiques.Where(c => !c.Failed).FindByResult(AttributeVerification.Key);
        if (verifier is null || !verifier.TryGetResult(AttributeVerification.Key, out var verification))
        {
            return (samples.Select(s => (s, Declared(s))).ToArray(), DeclaredSource);
        }

        var recorded = FromResult(verification);
        var verdicts = verifier.Verdicts.GroupBy(v => v.SampleId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var rows = new List<(Sample, IReadOnlyDictionary<string, string>)>();
        foreach (var sample in samples)
        {
            if (!verdicts.TryGetValue(sample.Id, out var verdict) || verdict.Passed is null)
            {
                continue;
            }

            // A verdict whose sample the result does not list still removes what it failed.
            rows.Add((sample, recorded.TryGetValue(sample.Id, out var attributes)
                ? attributes
                : Declared(sample).Where(p => !verdict.FailedAttributes.Contains(p.Key, StringComparer.Ordinal)).ToDictionary(StringComparer.Ordinal)));
        }

        return (rows, VerifiedSource);
    }

    /// <summary>What the generator declared (the requested values when it declared nothing).</summary>
    /// <param name="sample">The sample.</param>
    public static IReadOnlyDictionary<string, string> Declared(Sample sample) =>
        sample.GeneratedAttributes.Count > 0 ? sample.GeneratedAttributes : sample.RequestedAttributes;
}
