using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge.SynSmith;

/// <summary>
/// Builds the final synthetic dataset of a run: only samples the attribute verifier passed and that the initial prompt
/// or an accepted version wrote (reference defect 16: the reference kept rejected samples), de-duplicated by normalized
/// text, with attributes and provenance; written as JSONL or CSV.
/// </summary>
public static class SynSmithDatasetExporter
{
    /// <summary>Collects the dataset of a run.</summary>
    /// <param name="run">The run result.</param>
    /// <param name="schema">The attribute schema (gives the label attribute and the attribute order).</param>
    /// <param name="includeUnverified">Whether samples without a passing verifier verdict are kept too (for conditions without a verifier); they are marked <see cref="ExportedSample.Verified"/> = <see langword="false"/>, and samples the verifier FAILED are never kept.</param>
    /// <returns>The samples in run order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> or <paramref name="schema"/> is <see langword="null"/>.</exception>
    /// <remarks>Only samples written by the initial prompt or an accepted version are kept (see <see cref="Collect(RunResult, AttributeSchema, bool, bool)"/>).</remarks>
    public static IReadOnlyList<ExportedSample> Collect(RunResult run, AttributeSchema schema, bool includeUnverified) =>
        Collect(run, schema, includeUnverified, includeRolledBack: false);

    /// <summary>Collects the dataset of a run.</summary>
    /// <param name="run">The run result.</param>
    /// <param name="schema">The attribute schema (gives the label attribute and the attribute order).</param>
    /// <param name="includeUnverified">Whether samples without a passing verifier verdict are kept too (see <see cref="Collect(RunResult, AttributeSchema, bool)"/>).</param>
    /// <param name="includeRolledBack">
    /// Whether samples written by prompt versions that were rolled back (or were still on trial when the run ended) are kept
    /// too; by default only the initial prompt's and accepted versions' samples are (every row keeps its iteration and
    /// prompt version).
    /// </param>
    /// <returns>The samples in run order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> or <paramref name="schema"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<ExportedSample> Collect(RunResult run, AttributeSchema schema, bool includeUnverified = false, bool includeRolledBack = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(schema);
        var kept = run.PromptHistory
            .Where(p => p.Status is PromptVersionStatus.Initial or PromptVersionStatus.Accepted)
            .Select(p => p.Version)
            .ToHashSet();
        var verdicts = new Dictionary<string, Dictionary<string, SampleVerdict>>(StringComparer.Ordinal);
        var verifierVerdicts = new Dictionary<string, SampleVerdict>(StringComparer.Ordinal);
        foreach (var critique in run.MetricHistory.SelectMany(r => r.Critiques))
        {
            bool isVerifier = critique.TryGetResult(AttributeVerification.Key, out _);
            foreach (var verdict in critique.Verdicts)
            {
                (verdicts.TryGetValue(verdict.SampleId, out var byCritic) ? byCritic : verdicts[verdict.SampleId] = new(StringComparer.Ordinal))[critique.CriticName] = verdict;
                if (isVerifier)
                {
                    verifierVerdicts[verdict.SampleId] = verdict;
                }
            }
        }

        var readings = VerifiedAttributes.FromHistory(run.MetricHistory);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var exported = new List<ExportedSample>();
        foreach (var sample in run.Samples.Where(s => s.Provenance.Origin == SampleOrigin.Synthetic))
        {
            verdicts.TryGetValue(sample.Id, out var byCritic);
            var verifier = verifierVerdicts.GetValueOrDefault(sample.Id);
            var verified = verifier?.Passed == true;
            if (verifier?.Passed == false
                || (!verified && !includeUnverified)
                || (!includeRolledBack && !kept.Contains(sample.Provenance.PromptVersion))
                || !seen.Add(PhraseCounter.Normalize(sample.Input)))
            {
                continue;
            }

            var failed = verifier?.FailedAttributes ?? [];
            var declared = VerifiedAttributes.Declared(sample);
            var attributes = readings.TryGetValue(sample.Id, out var read)
                ? read
                : declared.Where(p => !failed.Contains(p.Key)).ToDictionary(StringComparer.Ordinal);
            exported.Add(new ExportedSample
            {
                Id = sample.Id,
                Text = sample.Input,
                Label = SynSmithData.Label(sample, schema.LabelAttribute),
                Attributes = schema.AttributeNames.Where(attributes.ContainsKey).ToDictionary(a => a, a => attributes[a], StringComparer.Ordinal),
                Iteration = sample.Provenance.Iteration,
                PromptVersion = sample.Provenance.PromptVersion,
                Verdicts = (byCritic ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value.Passed, StringComparer.Ordinal),
                Verified = verified,
            });
        }

        return exported;
    }

    /// <summary>
    /// Gets whether the run's condition ran the attribute verifier: some iteration carries its typed result, or its
    /// failure (a failed critique carries only its metrics, each marked not measured).
    /// </summary>
    /// <param name="run">The run result.</param>
    /// <returns><see langword="true"/> when the verifier ran; export verified samples only then.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> is <see langword="null"/>.</exception>
    public static bool RanAttributeVerifier(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.MetricHistory.SelectMany(r => r.Critiques).Any(c =>
            c.TryGetResult(AttributeVerification.Key, out _) || (c.Failed && c.Metrics.ContainsKey(AttributeVerifier.MatchRateMetric)));
    }

    /// <summary>Formats samples as JSONL (snake_case: id, text, label, attributes, iteration, prompt_version, verified, verdicts).</summary>
    /// <param name="samples">The samples.</param>
    /// <returns>The JSONL text, one sample per line.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is <see langword="null"/>.</exception>
    public static string ToJsonl(IEnumerable<ExportedSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var builder = new StringBuilder();
        foreach (var sample in samples)
        {
            var verdicts = new JsonObject();
            foreach (var (critic, passed) in sample.Verdicts)
            {
                verdicts[critic] = passed;
            }

            var row = new JsonObject
            {
                ["id"] = sample.Id,
                ["text"] = sample.Text,
                ["label"] = sample.Label,
                ["attributes"] = SynSmithData.AttributesJson(sample.Attributes),
                ["iteration"] = sample.Iteration,
                ["prompt_version"] = sample.PromptVersion,
                ["verified"] = sample.Verified,
                ["verdicts"] = verdicts,
            };
            builder.Append(row.ToJsonString()).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Formats samples as CSV (RFC 4180 quoting): id, text, label, one column per schema attribute, iteration, prompt_version, verified, verdicts (JSON).</summary>
    /// <param name="samples">The samples.</param>
    /// <param name="schema">The schema (attribute columns).</param>
    /// <returns>The CSV text with a header row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> or <paramref name="schema"/> is <see langword="null"/>.</exception>
    public static string ToCsv(IEnumerable<ExportedSample> samples, AttributeSchema schema)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(schema);
        var builder = new StringBuilder();
        string[] header = ["id", "text", "label", .. schema.AttributeNames, "iteration", "prompt_version", "verified", "verdicts"];
        builder.AppendJoin(',', header.Select(Escape)).Append("\r\n");
        foreach (var sample in samples)
        {
            var verdicts = new JsonObject();
            foreach (var (critic, passed) in sample.Verdicts)
            {
                verdicts[critic] = passed;
            }

            string[] cells =
            [
                sample.Id, sample.Text, sample.Label,
                .. schema.AttributeNames.Select(a => sample.Attributes.GetValueOrDefault(a) ?? string.Empty),
                sample.Iteration.ToString(CultureInfo.InvariantCulture),
                sample.PromptVersion.ToString(CultureInfo.InvariantCulture),
                sample.Verified ? "true" : "false",
                verdicts.ToJsonString(),
            ];
            builder.AppendJoin(',', cells.Select(Escape)).Append("\r\n");
        }

        return builder.ToString();
    }

    private static string Escape(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
