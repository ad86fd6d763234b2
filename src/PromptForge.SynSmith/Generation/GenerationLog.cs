using System.Text.Json.Serialization;

namespace PromptForge.SynSmith;

/// <summary>
/// What the generator did in one iteration (every planned target with the id of the sample written for it, regeneration
/// and unfilled counts, the generation note), handed to <see cref="GenerationLogCritic"/> through the loop state so the
/// iteration's record keeps it (the reference's <c>targets.jsonl</c> and its regeneration counts).
/// </summary>
internal sealed class GenerationLog
{
    /// <summary>The generator hands the log to the critic in the loop state, and the critic publishes it as its result, under this key.</summary>
    public static readonly ArtifactKey<GenerationLog> Key = new("synsmith.generation_log", GenerationLogJsonContext.Default.GenerationLog);

    [JsonPropertyName("iteration")]
    public int Iteration { get; set; }

    [JsonPropertyName("targets")]
    public List<Dictionary<string, string>> Targets { get; set; } = [];

    /// <summary>The id of the sample kept for each target, or <see langword="null"/> when the target stayed unfilled.</summary>
    [JsonPropertyName("sample_ids")]
    public List<string?> SampleIds { get; set; } = [];

    [JsonPropertyName("regenerated_label_targets")]
    public int RegeneratedLabelTargets { get; set; }

    [JsonPropertyName("unfilled_targets")]
    public int UnfilledTargets { get; set; }

    [JsonPropertyName("rejected_samples")]
    public int RejectedSamples { get; set; }

    [JsonPropertyName("generator_calls")]
    public int GeneratorCalls { get; set; }

    [JsonPropertyName("note")]
    public string? Note { get; set; }

    public static GenerationLog? Load(LoopState state, int iteration) =>
        state.TryGetValue(Key, out var log) && log.Iteration == iteration ? log : null;

    /// <summary>The log the iteration's record kept (the generation critic's result), if any.</summary>
    public static GenerationLog? Read(IterationRecord record) => record.Critiques.ResultsOf(Key).FirstOrDefault();
}

/// <summary>Records the iteration's <see cref="GenerationLog"/> as a critique (no model call) with its counts as metrics.</summary>
internal sealed class GenerationLogCritic : CriticBase
{
    public const string CriticName = "generation";

    public const string RegeneratedMetric = "regenerated_label_targets";

    public const string UnfilledMetric = "unfilled_targets";

    public override string Name => CriticName;

    public override IReadOnlyCollection<string> MetricNames => [RegeneratedMetric, UnfilledMetric];

    public override Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (GenerationLog.Load(context.State, context.Iteration) is not { } log)
        {
            return Task.FromResult(NotMeasured("the SynSmith generator left no log for this iteration"));
        }

        return Task.FromResult(new Critique
        {
            CriticName = Name,
            Metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal)
            {
                [RegeneratedMetric] = MetricValue.Measured(log.RegeneratedLabelTargets, log.Targets.Count),
                [UnfilledMetric] = MetricValue.Measured(log.UnfilledTargets, log.Targets.Count),
            },
            Result = Artifact.Create(GenerationLog.Key, log),
        });
    }
}

/// <summary>Source-generated JSON for <see cref="GenerationLog"/>.</summary>
[JsonSerializable(typeof(GenerationLog))]
internal sealed partial class GenerationLogJsonContext : JsonSerializerContext;
