using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge;

/// <summary>
/// Writes a run's artifacts through an <see cref="IRunStore"/>: <c>config.json</c>, <c>manifest.json</c> (after every
/// iteration), <c>checkpoint.json</c> (what resume needs) and one <c>iter_NNN/</c> folder per completed iteration.
/// </summary>
internal sealed class RunRecorder(IRunStore store, string runId, TimeProvider timeProvider)
{
    public const string ManifestFile = "manifest.json";
    public const string CheckpointFile = "checkpoint.json";
    public const string ConfigFile = "config.json";

    public string RunId { get; } = runId;

    public string? Location => store.GetRunLocation(RunId);

    public static string IterationFolder(int iteration) =>
        string.Create(CultureInfo.InvariantCulture, $"iter_{iteration:000}");

    public Task WriteConfigAsync(JsonObject config, CancellationToken cancellationToken) =>
        WriteJsonAsync(ConfigFile, JsonSerializer.SerializeToUtf8Bytes(SecretRedactor.Redact(config), PromptForgeJsonContext.Default.JsonObject), cancellationToken);

    public async Task WriteIterationAsync(
        IterationRecord record,
        PromptVersion prompt,
        GenerationResult generation,
        IReadOnlyList<PromptProposal> proposals,
        CancellationToken cancellationToken)
    {
        string folder = IterationFolder(record.Iteration);
        await store.WriteFileAsync(RunId, $"{folder}/prompt.txt", Encoding.UTF8.GetBytes(prompt.Text), cancellationToken).ConfigureAwait(false);
        await store.WriteFileAsync(RunId, $"{folder}/samples.jsonl", ToJsonLines(generation.Samples), cancellationToken).ConfigureAwait(false);
        if (generation.Rejected.Count > 0)
        {
            await store.WriteFileAsync(RunId, $"{folder}/rejected_samples.jsonl", ToJsonLines(generation.Rejected), cancellationToken).ConfigureAwait(false);
        }

        foreach (var critique in record.Critiques)
        {
            await store.WriteFileAsync(
                RunId,
                $"{folder}/critics/{critique.CriticName}.json",
                JsonSerializer.SerializeToUtf8Bytes(critique, PromptForgeJsonContext.Default.Critique),
                cancellationToken).ConfigureAwait(false);
        }

        if (proposals.Count > 0)
        {
            await WriteJsonAsync($"{folder}/proposals.json", JsonSerializer.SerializeToUtf8Bytes(proposals.ToList(), PromptForgeInternalJsonContext.Default.ListPromptProposal), cancellationToken).ConfigureAwait(false);
        }

        var metrics = new IterationMetricsArtifact
        {
            Iteration = record.Iteration,
            PromptVersion = record.PromptVersion,
            NextPromptVersion = record.NextPromptVersion,
            Level = record.Level?.Level,
            Metrics = new SortedDictionary<string, MetricValue>(record.Metrics.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal),
            Objective = record.Objective,
            Decision = record.Decision,
            GateDecision = record.GateDecision,
            RoundFailed = record.RoundFailed,
            UpdateReason = record.UpdateReason,
            FailedCritics = record.Critiques.Where(c => c.Failed).Select(c => c.CriticName).ToList(),
        };
        await WriteJsonAsync($"{folder}/metrics.json", JsonSerializer.SerializeToUtf8Bytes(metrics, PromptForgeInternalJsonContext.Default.IterationMetricsArtifact), cancellationToken).ConfigureAwait(false);
    }

    public Task WriteCheckpointAsync(LoopCheckpoint checkpoint, CancellationToken cancellationToken) =>
        WriteJsonAsync(CheckpointFile, JsonSerializer.SerializeToUtf8Bytes(checkpoint, PromptForgeInternalJsonContext.Default.LoopCheckpoint), cancellationToken);

    public async Task WriteManifestAsync(LoopState state, RunStatus status, string? stopReason, UsageSnapshot usage, CancellationToken cancellationToken)
    {
        var existing = await ReadManifestAsync(store, RunId, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var manifest = new RunManifest
        {
            RunId = RunId,
            Status = status,
            StopReason = stopReason,
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
            IterationsCompleted = state.Iteration,
            MetricHistory = state.History.Select(ManifestIteration.From).ToList(),
            PromptHistory = state.Prompts.ToList(),
            FinalPromptVersion = state.CurrentPrompt.Version,
            BestPromptVersion = state.SelectBest().Version,
            Usage = usage,
            Extras = existing?.Extras ?? new SortedDictionary<string, JsonElement>(StringComparer.Ordinal),
        };
        await WriteJsonAsync(ManifestFile, JsonSerializer.SerializeToUtf8Bytes(manifest, PromptForgeJsonContext.Default.RunManifest), cancellationToken).ConfigureAwait(false);
    }

    public static async Task<RunManifest?> ReadManifestAsync(IRunStore store, string runId, CancellationToken cancellationToken)
    {
        byte[]? bytes = await store.ReadFileAsync(runId, ManifestFile, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, PromptForgeJsonContext.Default.RunManifest);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The {ManifestFile} of run '{runId}' is corrupt ({ex.Message}); nothing was changed. Restore the file or start a new run.", ex);
        }
    }

    public static async Task<LoopCheckpoint> ReadCheckpointAsync(IRunStore store, string runId, CancellationToken cancellationToken)
    {
        byte[] bytes = await store.ReadFileAsync(runId, CheckpointFile, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Run '{runId}' has no {CheckpointFile}: it never completed an iteration, so there is nothing to resume from. Start a new run.");
        try
        {
            return JsonSerializer.Deserialize(bytes, PromptForgeInternalJsonContext.Default.LoopCheckpoint)
                ?? throw new InvalidDataException($"The {CheckpointFile} of run '{runId}' is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The {CheckpointFile} of run '{runId}' is corrupt ({ex.Message}); nothing was changed. Start a new run or restore the file.", ex);
        }
    }

    private static byte[] ToJsonLines(IReadOnlyList<Sample> samples) => JsonLines.Serialize(samples, PromptForgeJsonContext.Default.Sample);

    private Task WriteJsonAsync(string path, byte[] json, CancellationToken cancellationToken) =>
        store.WriteFileAsync(RunId, path, json, cancellationToken);
}
