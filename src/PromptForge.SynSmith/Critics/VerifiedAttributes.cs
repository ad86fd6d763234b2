using System.Text.Json;

namespace PromptForge.SynSmith;

/// <summary>
/// The attribute values the generated texts actually have, as the attribute verifier read them: a declared value
/// the verifier did not fail is kept; a failed one is replaced by the value the verifier read (the label it read
/// blind, or a read auxiliary value) when that is a schema value, and left out otherwise. Samples without a verdict
/// are left out. Diversity, mode-seeking, the planner's coverage counts and the export use these, not the REQUESTED
/// attributes, which only measure the planner (reference defect 13). The verifier records each sample's values in
/// its details (<see cref="DetailsProperty"/>), so they survive a resume; <see cref="Sample.GeneratedAttributes"/> keeps
/// what the generator declared.
/// </summary>
internal static class VerifiedAttributes
{
    /// <summary>The property of each entry of the verifier's <c>details.verdicts</c> that holds the sample's verified attributes.</summary>
    public const string DetailsProperty = "generated_attributes";

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

    /// <summary>The verified attributes the verifier recorded in a critique's details, by sample id.</summary>
    /// <param name="verifier">An attribute verifier critique.</param>
    public static Dictionary<string, IReadOnlyDictionary<string, string>> FromCritique(Critique verifier)
    {
        var bySample = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (verifier.Details is not { ValueKind: JsonValueKind.Object } details
            || !details.TryGetProperty("verdicts", out var verdicts)
            || verdicts.ValueKind != JsonValueKind.Array)
        {
            return bySample;
        }

        foreach (var verdict in verdicts.EnumerateArray())
        {
            if (verdict.ValueKind == JsonValueKind.Object
                && verdict.TryGetProperty("sample_id", out var id) && id.ValueKind == JsonValueKind.String
                && verdict.TryGetProperty(DetailsProperty, out var attributes) && attributes.ValueKind == JsonValueKind.Object)
            {
                bySample[id.GetString()!] = attributes.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.String)
                    .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
            }
        }

        return bySample;
    }

    /// <summary>The verified attributes of every sample some verifier critique of <paramref name="history"/> judged, by sample id.</summary>
    /// <param name="history">Iteration records.</param>
    public static Dictionary<string, IReadOnlyDictionary<string, string>> FromHistory(IEnumerable<IterationRecord> history)
    {
        var bySample = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var critique in history.SelectMany(r => r.Critiques).Where(c => c.CriticName == SynSmithCriticNames.AttributeVerifier && !c.Failed))
        {
            foreach (var (id, attributes) in FromCritique(critique))
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
        var verifier = priorCritiques.FirstOrDefault(c => c.CriticName == SynSmithCriticNames.AttributeVerifier && !c.Failed);
        if (verifier is null)
        {
            return (samples.Select(s => (s, Declared(s))).ToArray(), DeclaredSource);
        }

        var recorded = FromCritique(verifier);
        var verdicts = verifier.Verdicts.GroupBy(v => v.SampleId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var rows = new List<(Sample, IReadOnlyDictionary<string, string>)>();
        foreach (var sample in samples)
        {
            if (!verdicts.TryGetValue(sample.Id, out var verdict) || verdict.Passed is null)
            {
                continue;
            }

            // A verifier that records no attributes (a user's replacement) still removes what it failed.
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
