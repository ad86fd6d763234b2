using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;

namespace PromptForge.SynSmith;

/// <summary>
/// The reference's per-iteration files of a run, with its field names where they exist, so its analysis scripts can read
/// a PromptForge run: <c>reference/iter_NNN/</c> (numbered from 000 like the reference) with <c>prompt.txt</c>,
/// <c>targets.jsonl</c>, <c>attribute_verdicts.jsonl</c>, <c>realism_verdicts.jsonl</c>, <c>diversity_report.json</c>,
/// <c>metrics.json</c> and <c>generation.json</c> (regeneration counts and the generation note). A file whose critic did
/// not run in the condition is left out; a metric that was not measured is <see langword="null"/> in <c>metrics.json</c>.
/// </summary>
public static class SynSmithReferenceFiles
{
    /// <summary>The folder, relative to the run folder, that holds the reference-compatible files.</summary>
    public const string Folder = "reference";

    // The reference's metric names where ours differ.
    private static readonly Dictionary<string, string> ReferenceMetricNames = new(StringComparer.Ordinal)
    {
        [ModeHunter.BannedPhrasingCountMetric] = "banned_phrasings_total",
        [ModeHunter.NewBansMetric] = "banned_phrasings_new",
        [CoverageHoleFinder.AurocMetric] = "coverage_classifier_auroc",
    };

    // Readable text (no \u escapes for '+', '>' or non-ASCII): these files are read by scripts and people, never embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds the files of every iteration of a run.</summary>
    /// <param name="run">The run result.</param>
    /// <param name="schema">The attribute schema (attribute order of <c>targets.jsonl</c> and the coverage map).</param>
    /// <returns>The files by path relative to the run folder (forward slashes), as UTF-8 text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> or <paramref name="schema"/> is <see langword="null"/>.</exception>
    public static IReadOnlyDictionary<string, string> Create(RunResult run, AttributeSchema schema)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(schema);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in run.MetricHistory)
        {
            var folder = string.Create(CultureInfo.InvariantCulture, $"{Folder}/iter_{record.Iteration - 1:000}");
            if (run.PromptHistory.FirstOrDefault(p => p.Version == record.PromptVersion) is { } prompt)
            {
                files[$"{folder}/prompt.txt"] = prompt.Text;
            }

            var log = GenerationLog.Read(record);
            files[$"{folder}/targets.jsonl"] = Targets(record, run, schema, log);
            if (record.Critiques.FindByResult(AttributeVerification.Key) is { Failed: false } verifier)
            {
                files[$"{folder}/attribute_verdicts.jsonl"] = Lines(verifier.Verdicts.Select(v => new JsonObject
                {
                    ["sample_id"] = v.SampleId,
                    ["attribute_match"] = v.Passed,
                    ["failed_attributes"] = SynSmithData.Strings(v.FailedAttributes),
                    ["reason"] = v.Reason,
                }));
            }

            if (CriticSupport.Reporting(record.Critiques, RealismDiscriminator.AccuracyMetric) is { Details: { ValueKind: JsonValueKind.Object } realism }
                && realism.TryGetProperty("verdicts", out var verdicts))
            {
                files[$"{folder}/realism_verdicts.jsonl"] = Lines(verdicts.EnumerateArray().Select(v => (JsonObject)JsonNode.Parse(v.GetRawText())!));
            }

            if (CriticSupport.Reporting(record.Critiques, DiversityMetricNames.CombinationCoverage) is { } auditor)
            {
                files[$"{folder}/diversity_report.json"] = DiversityReport(record, auditor, schema);
            }

            files[$"{folder}/metrics.json"] = Metrics(record);
            files[$"{folder}/generation.json"] = new JsonObject
            {
                ["samples"] = record.SampleCount,
                ["rejected_samples"] = record.RejectedSampleCount,
                ["regenerated_label_targets"] = log?.RegeneratedLabelTargets,
                ["unfilled_targets"] = log?.UnfilledTargets,
                ["generator_calls"] = log?.GeneratorCalls,
                ["note"] = log?.Note,
                ["gate_decision"] = record.GateDecision,
            }.ToJsonString(Indented);
        }

        return files;
    }

    private static string Targets(IterationRecord record, RunResult run, AttributeSchema schema, GenerationLog? log)
    {
        IEnumerable<(string? Id, IReadOnlyDictionary<string, string> Attributes)> rows = log is not null
            ? log.Targets.Select((t, i) => (log.SampleIds[i], (IReadOnlyDictionary<string, string>)t))
            : run.Samples.Where(s => s.Provenance.Iteration == record.Iteration).Select(s => ((string?)s.Id, s.RequestedAttributes));
        return Lines(rows.Select(row =>
        {
            var line = new JsonObject { ["sample_id"] = row.Id };
            foreach (var name in schema.AttributeNames.Where(row.Attributes.ContainsKey))
            {
                line[name] = row.Attributes[name];
            }

            return line;
        }));
    }

    private static string DiversityReport(IterationRecord record, Critique auditor, AttributeSchema schema)
    {
        string[] Items(string code, string prefix) => auditor.Complaints
            .Where(c => c.Code == code)
            .Select(c => c.Message.StartsWith(prefix, StringComparison.Ordinal) ? c.Message[prefix.Length..] : c.Message)
            .ToArray();

        var coverage = new JsonObject();
        foreach (var name in schema.AttributeNames)
        {
            coverage[name] = record.Metrics.TryGetValue(DiversityMetricNames.Coverage(name), out var value) ? value.Value : null;
        }

        var summary = auditor.Details is { ValueKind: JsonValueKind.Object } details && details.TryGetProperty("model_summary", out var s) ? s.GetString() : null;
        return new JsonObject
        {
            ["summary"] = summary,
            ["missing_modes"] = SynSmithData.Strings(Items("missing_mode", "missing mode: ")),
            ["overrepresented_modes"] = SynSmithData.Strings(Items("overrepresented_mode", "overrepresented mode: ")),
            ["near_duplicate_rate"] = record.Metrics.TryGetValue(DiversityMetricNames.NearDuplicateRate, out var rate) ? rate.Value : null,
            ["recommendations"] = SynSmithData.Strings(Items("diversity_recommendation", "recommendation: ")),
            ["coverage"] = coverage,
        }.ToJsonString(Indented);
    }

    private static string Metrics(IterationRecord record)
    {
        var metrics = new JsonObject();
        foreach (var (name, value) in record.Metrics)
        {
            var key = ReferenceMetricNames.GetValueOrDefault(name)
                ?? (name.StartsWith("entropy_", StringComparison.Ordinal) ? "entropy/" + name["entropy_".Length..]
                : name.StartsWith("coverage_", StringComparison.Ordinal) && name != CoverageHoleFinder.AurocMetric ? "coverage/" + name["coverage_".Length..]
                : name);
            metrics[key] = value.Value;
        }

        return metrics.ToJsonString(Indented);
    }

    private static string Lines(IEnumerable<JsonObject> rows)
    {
        var builder = new StringBuilder();
        foreach (var row in rows)
        {
            builder.Append(row.ToJsonString(Compact)).Append('\n');
        }

        return builder.ToString();
    }
}
