using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Runs;

/// <summary>
/// Reads a run folder (runs/&lt;id&gt;/manifest.json, config.json, iter_NNN/...) into a <see cref="RunSnapshot"/>.
/// Reading is tolerant: a run that stopped early, or was written by an older version, still inspects; a folder that is
/// not a run at all is a <see cref="CliInputException"/>.
/// </summary>
internal static class RunFolderReader
{
    public const string ManifestFile = "manifest.json";
    public const string ConfigFile = "config.json";

    public static async Task<RunSnapshot> ReadAsync(string runDirectory, CancellationToken cancellationToken)
    {
        string directory = Path.GetFullPath(runDirectory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new CliInputException("the run folder does not exist.", runDirectory);
        }

        string manifestPath = Path.Combine(directory, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            throw new CliInputException($"not a run folder: it has no {ManifestFile}.", runDirectory);
        }

        JsonObject manifest = await ReadObjectAsync(manifestPath, cancellationToken).ConfigureAwait(false);
        string configPath = Path.Combine(directory, ConfigFile);
        JsonObject? config = File.Exists(configPath) ? await ReadObjectAsync(configPath, cancellationToken).ConfigureAwait(false) : null;

        return new RunSnapshot
        {
            RunId = GetString(manifest, "run_id") ?? Path.GetFileName(directory),
            Directory = directory,
            Status = GetString(manifest, "status") ?? "unknown",
            BestPromptVersion = GetInt(manifest, "best_prompt_version"),
            FinalPromptVersion = GetInt(manifest, "final_prompt_version"),
            Prompts = ReadPrompts(manifest["prompt_history"] as JsonArray),
            Iterations = ReadIterations(manifest["metric_history"] as JsonArray),
            Usage = ReadUsage(manifest["usage"] as JsonObject),
            Evaluations = ReadEvaluations(manifest["evaluations"] as JsonObject),
            Error = GetString(manifest, "error"),
            Simulated = IsSimulated(config),
            ProviderDescription = DescribeProvider(config),
            Model = config?["cli"]?["model"]?.ToString(),
            RoleModels = (config?["cli"]?["role_models"] as JsonObject ?? [])
                .Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal),
        };
    }

    /// <summary>Reads the samples of every iteration folder with the critics' verdicts joined by sample id.</summary>
    public static async Task<IReadOnlyList<SampleSnapshot>> ReadSamplesAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        var samples = new List<SampleSnapshot>();
        foreach (string iterationDirectory in System.IO.Directory.EnumerateDirectories(run.Directory, "iter_*").Order(StringComparer.Ordinal))
        {
            if (!int.TryParse(Path.GetFileName(iterationDirectory)["iter_".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int iteration))
            {
                continue;
            }

            Dictionary<string, List<VerdictSnapshot>> verdicts = await ReadVerdictsAsync(iterationDirectory, cancellationToken).ConfigureAwait(false);
            string samplesPath = Path.Combine(iterationDirectory, "samples.jsonl");
            if (!File.Exists(samplesPath))
            {
                continue;
            }

            int lineNumber = 0;
            foreach (string line in await File.ReadAllLinesAsync(samplesPath, cancellationToken).ConfigureAwait(false))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                JsonObject sample = ParseObject(line, samplesPath, lineNumber);
                string id = GetString(sample, "id") ?? $"line-{lineNumber}";
                var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (string key in new[] { "requested_attributes", "generated_attributes" })
                {
                    if (sample[key] is JsonObject map)
                    {
                        foreach ((string name, JsonNode? value) in map)
                        {
                            attributes[name] = value?.ToString() ?? string.Empty;
                        }
                    }
                }

                samples.Add(new SampleSnapshot(
                    id, iteration, GetString(sample, "input") ?? string.Empty, GetString(sample, "expected"), attributes,
                    verdicts.TryGetValue(id, out List<VerdictSnapshot>? list) ? list : []));
            }
        }

        return samples;
    }

    private static async Task<Dictionary<string, List<VerdictSnapshot>>> ReadVerdictsAsync(string iterationDirectory, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, List<VerdictSnapshot>>(StringComparer.Ordinal);
        string criticsDirectory = Path.Combine(iterationDirectory, "critics");
        if (!System.IO.Directory.Exists(criticsDirectory))
        {
            return result;
        }

        foreach (string file in System.IO.Directory.EnumerateFiles(criticsDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            JsonObject critique = await ReadObjectAsync(file, cancellationToken).ConfigureAwait(false);
            string critic = GetString(critique, "critic_name") ?? Path.GetFileNameWithoutExtension(file);
            foreach (JsonNode? node in critique["verdicts"] as JsonArray ?? [])
            {
                if (node is not JsonObject verdict || GetString(verdict, "sample_id") is not { } sampleId)
                {
                    continue;
                }

                bool? passed = verdict["passed"] is JsonValue p && p.TryGetValue(out bool b) ? b : null;
                string[] failed = (verdict["failed_attributes"] as JsonArray)?.Select(a => a?.ToString() ?? string.Empty).ToArray() ?? [];
                if (!result.TryGetValue(sampleId, out List<VerdictSnapshot>? list))
                {
                    result[sampleId] = list = [];
                }

                list.Add(new VerdictSnapshot(critic, passed, GetString(verdict, "reason"), failed));
            }
        }

        return result;
    }

    private static List<PromptSnapshot> ReadPrompts(JsonArray? history) =>
        (history ?? []).OfType<JsonObject>().Select(p => new PromptSnapshot(
            GetInt(p, "version") ?? 0,
            GetString(p, "text") ?? string.Empty,
            GetInt(p, "parent_version"),
            GetString(p, "motivation"),
            GetInt(p, "iteration") ?? 0,
            GetString(p, "status") ?? "unknown",
            GetDouble(p, "score"))).OrderBy(p => p.Version).ToList();

    private static List<IterationSnapshot> ReadIterations(JsonArray? history) =>
        (history ?? []).OfType<JsonObject>().Select(i => new IterationSnapshot(
            GetInt(i, "iteration") ?? 0,
            GetInt(i, "prompt_version"),
            GetInt(i, "sample_count"),
            ReadMetrics(i["metrics"] as JsonObject),
            GetString(i, "decision"),
            GetDouble(i, "objective"))).OrderBy(i => i.Iteration).ToList();

    private static Dictionary<string, MetricValue> ReadMetrics(JsonObject? metrics)
    {
        var result = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
        foreach ((string name, JsonNode? value) in metrics ?? [])
        {
            if (value is null)
            {
                continue;
            }

            // The manifest's metric form (MetricValue's JSON): a bare number, or {"value": x|null, "n": k, "not_measured": reason}.
            result[name] = value switch
            {
                JsonValue number when number.TryGetValue(out double v) && double.IsFinite(v) => MetricValue.Measured(v),
                JsonObject metric when GetDouble(metric, "value") is { } v && double.IsFinite(v) => MetricValue.Measured(v, GetInt(metric, "n") is { } n and >= 0 ? n : null),
                JsonObject metric => MetricValue.NotMeasured(GetString(metric, "not_measured") ?? "not measured", GetInt(metric, "n") is { } n and >= 0 ? n : null),
                _ => MetricValue.NotMeasured("unreadable value in manifest"),
            };
        }

        return result;
    }

    private static UsageSummary ReadUsage(JsonObject? usage)
    {
        if (usage is null)
        {
            return UsageSummary.Empty;
        }

        var byRole = new SortedDictionary<string, UsageTotalsSnapshot>(StringComparer.Ordinal);
        foreach ((string role, JsonNode? totals) in usage["by_role"] as JsonObject ?? [])
        {
            byRole[role] = ReadTotals(totals as JsonObject);
        }

        return new UsageSummary(ReadTotals(usage["total"] as JsonObject), byRole);
    }

    private static UsageTotalsSnapshot ReadTotals(JsonObject? totals) => new(
        GetLong(totals, "calls") ?? 0, GetLong(totals, "cached_calls") ?? 0, GetLong(totals, "input_tokens") ?? 0, GetLong(totals, "output_tokens") ?? 0);

    private static List<EvaluationSnapshot> ReadEvaluations(JsonObject? evaluations) =>
        (evaluations ?? []).Where(e => e.Value is JsonObject).Select(e =>
        {
            var value = (JsonObject)e.Value!;
            return new EvaluationSnapshot(
                e.Key, GetDouble(value, "accuracy") ?? double.NaN, GetDouble(value, "interval_low"), GetDouble(value, "interval_high"),
                GetInt(value, "n"), GetInt(value, "prompt_version"));
        }).Where(e => double.IsFinite(e.Accuracy)).ToList();

    private static bool IsSimulated(JsonObject? config) =>
        config?["cli"]?["provider"] is JsonValue provider && provider.ToString() == "simulator";

    private static string? DescribeProvider(JsonObject? config)
    {
        if (config?["cli"] is not JsonObject cli)
        {
            return null;
        }

        string provider = cli["provider"]?.ToString() ?? "unknown";
        string? model = cli["model"]?.ToString();
        string? endpoint = cli["endpoint"]?.ToString();
        return provider == "simulator"
            ? "offline simulator (no model was called)"
            : $"{provider}{(model is null ? string.Empty : $" · {model}")}{(endpoint is null ? string.Empty : $" · {endpoint}")}";
    }

    private static async Task<JsonObject> ReadObjectAsync(string path, CancellationToken cancellationToken)
    {
        string text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return ParseObject(text, path, null);
    }

    private static JsonObject ParseObject(string text, string path, int? lineNumber)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new CliInputException("expected a JSON object.", path, lineNumber);
        }
        catch (JsonException ex)
        {
            throw new CliInputException($"invalid JSON: {ex.Message}", path, lineNumber ?? (int?)(ex.LineNumber + 1), innerException: ex);
        }
    }

    private static string? GetString(JsonObject? node, string name) =>
        node?[name] is JsonValue value ? value.ToString() : null;

    private static int? GetInt(JsonObject? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue(out int result) ? result
        : node?[name] is JsonValue d && d.TryGetValue(out double dd) && dd == Math.Floor(dd) ? (int)dd : null;

    private static long? GetLong(JsonObject? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue(out long result) ? result : null;

    private static double? GetDouble(JsonObject? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue(out double result) ? result : null;
}
