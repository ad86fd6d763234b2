using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PromptForge.SynSmith;

/// <summary>
/// Each sample's contribution to the objective's axes, from the critiques of its own batch: the verifier's verdict
/// (fidelity), whether the realism judge detected it (realism), the share of pack comparisons that caught it (pack),
/// whether it is a near-duplicate within its batch (diversity), its mean text distance per differing target attribute to
/// the other samples (mode seeking) and whether it uses a banned phrasing. Coverage AUROC has no per-sample share and
/// enters only the scalar objective.
/// </summary>
internal static class GateContributions
{
    public static async Task<List<GateUnit>> ComputeAsync(
        IReadOnlyList<Sample> samples,
        IReadOnlyDictionary<string, int> targets,
        IReadOnlyList<Critique> critiques,
        SynSmithData data,
        IEmbeddingGenerator<string, Embedding<float>> embeddings,
        IReadOnlyList<string> bannedPhrases,
        int seed,
        CancellationToken cancellationToken)
    {
        var units = samples.Select((s, i) => new GateUnit { Target = targets.TryGetValue(s.Id, out var t) ? t : i, SampleId = s.Id }).ToList();
        var index = samples.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var active = data.Options.ActiveCritics();

        AddVerdicts(units, index, critiques.FindByResult(AttributeVerification.Key) is { Failed: false } verifier ? verifier : null, GateAxes.Fidelity, passed => passed ? 1 : 0);
        // Realism and pack record "detected" (1) or "passed as real" (0); the gate maps the mean to closeness to chance.
        AddVerdicts(units, index, CriticSupport.Reporting(critiques, RealismDiscriminator.AccuracyMetric), GateAxes.Realism, passed => passed ? 0 : 1);
        AddPack(units, index, CriticSupport.Reporting(critiques, PackDiscriminator.AccuracyMetric));

        if (samples.Count >= 2 && (active.Contains(SynSmithCriticNames.DiversityAuditor) || active.Contains(SynSmithCriticNames.ModeSeeking)))
        {
            var matrix = await Evaluation.EmbeddingMatrix.GenerateAsync(embeddings, samples.Select(s => s.Input).ToArray(), cancellationToken).ConfigureAwait(false);
            if (active.Contains(SynSmithCriticNames.DiversityAuditor))
            {
                var duplicates = Evaluation.NearDuplicates.Compute(
                    matrix,
                    new Evaluation.NearDuplicateOptions { Threshold = data.Options.DiversityAuditor.NearDuplicateThreshold, Seed = seed },
                    cancellationToken).DuplicateIndices.ToHashSet();
                for (var i = 0; i < units.Count; i++)
                {
                    units[i].Axes[GateAxes.Diversity] = duplicates.Contains(i) ? 0 : 1;
                }
            }

            if (active.Contains(SynSmithCriticNames.ModeSeeking))
            {
                AddModeSeeking(units, samples, matrix.NormalizeRows(), data.Schema.AttributeNames);
            }
        }

        if (active.Contains(SynSmithCriticNames.ModeHunter))
        {
            var phrases = bannedPhrases.Select(PhraseCounter.Normalize).Where(p => p.Length > 0).ToArray();
            for (var i = 0; i < units.Count; i++)
            {
                var text = PhraseCounter.Normalize(samples[i].Input);
                units[i].Axes[GateAxes.BannedPhrasing] = phrases.Any(p => text.Contains(p, StringComparison.Ordinal)) ? 0 : 1;
            }
        }

        return units;
    }

    private static void AddVerdicts(List<GateUnit> units, Dictionary<string, int> index, Critique? critique, string axis, Func<bool, double> value)
    {
        foreach (var verdict in critique?.Verdicts ?? [])
        {
            if (verdict.Passed is { } passed && index.TryGetValue(verdict.SampleId, out var i))
            {
                units[i].Axes[axis] = value(passed);
            }
        }
    }

    private static void AddPack(List<GateUnit> units, Dictionary<string, int> index, Critique? critique)
    {
        if (critique?.Details is not { ValueKind: JsonValueKind.Object } details || !details.TryGetProperty("comparisons", out var comparisons))
        {
            return;
        }

        var caught = new double[units.Count];
        var seen = new int[units.Count];
        foreach (var comparison in comparisons.EnumerateArray())
        {
            if (!comparison.TryGetProperty("correct", out var correct) || !comparison.TryGetProperty("synthetic_ids", out var ids))
            {
                continue;
            }

            foreach (var id in ids.EnumerateArray())
            {
                if (id.GetString() is { } sampleId && index.TryGetValue(sampleId, out var i))
                {
                    caught[i] += correct.GetBoolean() ? 1 : 0;
                    seen[i]++;
                }
            }
        }

        for (var i = 0; i < units.Count; i++)
        {
            if (seen[i] > 0)
            {
                units[i].Axes[GateAxes.Pack] = caught[i] / seen[i];
            }
        }
    }

    /// <summary>Per sample: mean over the other samples of text distance (1 - cosine) per share of differing target attributes.</summary>
    private static void AddModeSeeking(List<GateUnit> units, IReadOnlyList<Sample> samples, Evaluation.EmbeddingMatrix normalized, IReadOnlyList<string> attributes)
    {
        for (var i = 0; i < samples.Count; i++)
        {
            double sum = 0;
            var pairs = 0;
            for (var j = 0; j < samples.Count; j++)
            {
                var differing = i == j ? 0 : attributes.Count(a => !string.Equals(Value(samples[i], a), Value(samples[j], a), StringComparison.Ordinal));
                if (differing == 0)
                {
                    continue;
                }

                var cosine = 0.0;
                var a = normalized[i];
                var b = normalized[j];
                for (var d = 0; d < a.Length; d++)
                {
                    cosine += a[d] * b[d];
                }

                sum += (1 - cosine) / (differing / (double)attributes.Count);
                pairs++;
            }

            if (pairs > 0)
            {
                units[i].Axes[GateAxes.ModeSeeking] = sum / pairs;
            }
        }

        static string? Value(Sample sample, string attribute) => sample.RequestedAttributes.TryGetValue(attribute, out var v) ? v : null;
    }
}
