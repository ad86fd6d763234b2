using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Runs;

/// <summary>
/// Reads a run (manifest.json, config.json, iter_NNN/samples.jsonl and critics/*.json) through the core's
/// <see cref="IRunStore"/> and JSON contracts into a <see cref="RunSnapshot"/> for inspect, report and export.
/// Unreadable files are a <see cref="CliInputException"/> naming the file and line.
/// </summary>
internal static class RunFolderReader
{
    public const string ConfigFile = "config.json";

    /// <summary>The manifest extra where the CLI records held-out evaluations (<c>optimize</c>, <c>evaluate</c>).</summary>
    public const string EvaluationsExtra = "evaluations";

    /// <summary>The manifest extra saying which held-out protocol a SIPDO evaluation used.</summary>
    public const string EvaluationProtocolExtra = "evaluation_protocol";

    /// <summary>The manifest extra listing the synthetic items a SIPDO run quarantined.</summary>
    public const string QuarantinedItemsExtra = "quarantined_items";

    public static async Task<RunSnapshot> ReadAsync(RunLocation location, CancellationToken cancellationToken)
    {
        RunManifest manifest = await ReadJsonAsync(location, RunLocation.ManifestFile, PromptForgeJsonContext.Default.RunManifest, cancellationToken).ConfigureAwait(false)
            ?? throw new CliInputException("the manifest is empty.", Display(location, RunLocation.ManifestFile));
        if (manifest.Status == RunStatus.Running)
        {
            // In progress or interrupted: the manifest is written at the start and the end; the journal has the iterations since.
            try
            {
                manifest = await location.Store.ReadRunManifestAsync(location.RunId, cancellationToken).ConfigureAwait(false) ?? manifest;
            }
            catch (InvalidDataException ex)
            {
                throw new CliInputException(ex.Message, location.Directory, innerException: ex);
            }
        }

        JsonObject? config = await ReadJsonAsync(location, ConfigFile, PromptForgeJsonContext.Default.JsonObject, cancellationToken).ConfigureAwait(false);
        JsonObject? cli = config?["cli"] as JsonObject;

        return new RunSnapshot
        {
            RunId = manifest.RunId,
            Directory = location.Directory,
            Status = manifest.Status.ToString(),
            BestPromptVersion = manifest.BestPromptVersion,
            FinalPromptVersion = manifest.FinalPromptVersion,
            Prompts = manifest.PromptHistory
                .Select(p => new PromptSnapshot(p.Version, p.Text, p.ParentVersion, p.Motivation, p.Iteration, p.Status.ToString(), p.Score))
                .OrderBy(p => p.Version).ToList(),
            Iterations = manifest.MetricHistory
                .Select(i => new IterationSnapshot(i.Iteration, i.PromptVersion, i.SampleCount, i.Metrics, i.Decision.ToString(), i.GateDecision, i.Objective))
                .OrderBy(i => i.Iteration).ToList(),
            Usage = new UsageSummary(
                Totals(manifest.Usage.Total),
                manifest.Usage.ByRole.ToDictionary(r => r.Key, r => Totals(r.Value), StringComparer.Ordinal)),
            Evaluations = ReadEvaluations(manifest),
            CostTable = manifest.Extras.TryGetValue(Reporting.SipdoCostTable.Extra, out JsonElement costTable) ? Reporting.SipdoCostTable.FromJson(costTable) : null,
            EvaluationProtocol = manifest.Extras.TryGetValue(EvaluationProtocolExtra, out JsonElement protocol) && protocol.ValueKind == JsonValueKind.Object
                && protocol.TryGetProperty("description", out JsonElement line) && line.ValueKind == JsonValueKind.String ? line.GetString() : null,
            Quarantined = ReadQuarantined(manifest),
            Error = manifest.Status is RunStatus.Failed or RunStatus.Cancelled or RunStatus.BudgetExhausted or RunStatus.Interrupted ? manifest.StopReason : null,
            Simulated = cli?["provider"]?.ToString() == ProviderNames.Simulator,
            ProviderDescription = DescribeProvider(cli),
            Model = cli?["model"]?.ToString(),
            RoleModels = (cli?["role_models"] as JsonObject ?? [])
                .Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal),
            BatchedRoles = (cli?["batch"]?["roles"] as JsonArray ?? []).OfType<JsonValue>().Select(r => r.ToString()).ToHashSet(StringComparer.Ordinal),
            BatchPriceFactor = cli?["batch"]?["price_factor"] is JsonValue factor && factor.TryGetValue(out decimal f) ? f : 1m,
        };
    }

    /// <summary>Reads the samples of every iteration folder with the critics' verdicts joined by sample id.</summary>
    public static async Task<IReadOnlyList<SampleSnapshot>> ReadSamplesAsync(RunLocation location, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> files = await location.Store.ListFilesAsync(location.RunId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var samples = new List<SampleSnapshot>();
        foreach (string samplesFile in files.Where(f => f.StartsWith("iter_", StringComparison.Ordinal) && f.EndsWith("/samples.jsonl", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            string folder = samplesFile[..samplesFile.IndexOf('/', StringComparison.Ordinal)];
            if (!int.TryParse(folder.AsSpan("iter_".Length), System.Globalization.CultureInfo.InvariantCulture, out int iteration))
            {
                continue;
            }

            var verdicts = new Dictionary<string, List<VerdictSnapshot>>(StringComparer.Ordinal);
            foreach (string critiqueFile in files.Where(f => f.StartsWith($"{folder}/critics/", StringComparison.Ordinal) && f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                Critique? critique = await ReadJsonAsync(location, critiqueFile, PromptForgeJsonContext.Default.Critique, cancellationToken).ConfigureAwait(false);
                foreach (SampleVerdict verdict in critique?.Verdicts ?? [])
                {
                    if (!verdicts.TryGetValue(verdict.SampleId, out List<VerdictSnapshot>? list))
                    {
                        verdicts[verdict.SampleId] = list = [];
                    }

                    list.Add(new VerdictSnapshot(critique!.CriticName, verdict.Passed, verdict.Reason, verdict.FailedAttributes ?? []));
                }
            }

            JsonLinesReadResult<Sample>? read;
            try
            {
                read = await location.Store.ReadJsonLinesAsync(location.RunId, samplesFile, PromptForgeJsonContext.Default.Sample, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonLinesFormatException ex)
            {
                throw new CliInputException(ex.Message, Display(location, samplesFile), ex.LineNumber, innerException: ex);
            }

            // A torn last line (a crash mid-write) is skipped by the reader, like the loop does on resume.
            foreach (Sample sample in read?.Items ?? [])
            {
                // Source-generated deserialization sets absent init-only collections to null, not to their defaults.
                var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach ((string name, string value) in (sample.RequestedAttributes ?? Empty).Concat(sample.GeneratedAttributes ?? Empty))
                {
                    attributes[name] = value;
                }

                samples.Add(new SampleSnapshot(sample.Id, iteration, sample.Input, sample.Expected, attributes,
                    verdicts.TryGetValue(sample.Id, out List<VerdictSnapshot>? list) ? list : []));
            }
        }

        return samples;
    }

    private static readonly Dictionary<string, string> Empty = [];

    private static List<(string, string)> ReadQuarantined(RunManifest manifest) =>
        manifest.Extras.TryGetValue(QuarantinedItemsExtra, out JsonElement quarantine) && quarantine.ValueKind == JsonValueKind.Object
            && quarantine.TryGetProperty("items", out JsonElement items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
                .Where(i => i.ValueKind == JsonValueKind.Object)
                .Select(i => (Text(i, "item_id"), Text(i, "reason")))
                .ToList()
            : [];

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "?";

    private static List<EvaluationSnapshot> ReadEvaluations(RunManifest manifest)
    {
        if (!manifest.Extras.TryGetValue(EvaluationsExtra, out JsonElement evaluations) || evaluations.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var result = new List<EvaluationSnapshot>();
        foreach (JsonProperty evaluation in evaluations.EnumerateObject())
        {
            JsonElement e = evaluation.Value;
            if (e.ValueKind == JsonValueKind.Object && Number(e, "accuracy") is { } accuracy)
            {
                result.Add(new EvaluationSnapshot(evaluation.Name, accuracy, Number(e, "interval_low"), Number(e, "interval_high"),
                    Number(e, "n") is { } n ? (int)n : null, Number(e, "prompt_version") is { } v ? (int)v : null,
                    Number(e, "unparseable") is { } u ? (int)u : null));
            }
        }

        return result;
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static UsageTotalsSnapshot Totals(UsageTotals totals) => new(totals.Calls, totals.CachedCalls, totals.InputTokens, totals.OutputTokens);

    private static string? DescribeProvider(JsonObject? cli)
    {
        if (cli is null)
        {
            return null;
        }

        string provider = cli["provider"]?.ToString() ?? "unknown";
        string? model = cli["model"]?.ToString();
        string? endpoint = cli["endpoint"]?.ToString();
        return provider == ProviderNames.Simulator
            ? "offline simulator (no model was called)"
            : $"{provider}{(model is null ? string.Empty : $" · {model}")}{(endpoint is null ? string.Empty : $" · {endpoint}")}";
    }

    private static async Task<T?> ReadJsonAsync<T>(RunLocation location, string relativePath, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        byte[]? content = await location.Store.ReadFileAsync(location.RunId, relativePath, cancellationToken).ConfigureAwait(false);
        return content is null ? null : Parse(Encoding.UTF8.GetString(content), typeInfo, Display(location, relativePath), null);
    }

    private static T? Parse<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, string file, int? lineNumber)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException ex)
        {
            string field = ex.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : null!;
            throw new CliInputException($"invalid JSON: {FirstSentence(ex.Message)}", file, lineNumber ?? (int?)(ex.LineNumber + 1), field, ex);
        }
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    private static string Display(RunLocation location, string relativePath) => Path.Combine(location.Directory, relativePath);
}
