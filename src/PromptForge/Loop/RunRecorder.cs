using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge;

/// <summary>
/// Writes a run's artifacts through an <see cref="IRunStore"/>: <c>config.json</c>, <c>manifest.json</c> (at the start
/// and when the run stops), <c>checkpoint.json</c> (the format header), the journal <c>iterations.jsonl</c> (one line
/// per completed iteration: the commit) and one <c>iter_NNN/</c> folder per iteration.
/// </summary>
/// <remarks>
/// What an iteration costs to persist is its own artifacts plus one journal line, whatever the run's length: nothing
/// earlier is rewritten or re-read. Artifacts are written atomically without waiting for the disk; the journal append
/// that follows is the one flush of the iteration, and resume verifies every referenced artifact by its hash, so an
/// iteration whose files did not all reach the disk is redone rather than trusted.
/// </remarks>
internal sealed class RunRecorder
{
    public const string ManifestFile = "manifest.json";
    public const string CheckpointFile = "checkpoint.json";
    public const string ConfigFile = "config.json";
    public const string JournalFile = "iterations.jsonl";

    private readonly IRunStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<int, byte[]> _committedPrompts = [];
    private DateTimeOffset _createdAt;
    private SortedDictionary<string, JsonElement> _extras = new(StringComparer.Ordinal);

    private RunRecorder(IRunStore store, string runId, TimeProvider timeProvider)
    {
        _store = store;
        RunId = runId;
        _timeProvider = timeProvider;
    }

    public string RunId { get; }

    public string? Location => _store.GetRunLocation(RunId);

    public static string IterationFolder(int iteration) =>
        string.Create(CultureInfo.InvariantCulture, $"iter_{iteration:000}");

    /// <summary>Creates the run with its config, manifest, header and journal line 0, so it is resumable from the moment it exists.</summary>
    public static async Task<(RunRecorder Recorder, LoopState State)> CreateRunAsync(
        IRunStore store, string? requestedRunId, string initialPrompt, JsonObject config, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        RunRecorder? recorder = null;
        LoopState? state = null;
        byte[] configJson = JsonSerializer.SerializeToUtf8Bytes(SecretRedactor.Redact(config), PromptForgeJsonContext.Default.JsonObject);
        string runId = await store.CreateRunAsync(
            requestedRunId,
            id =>
            {
                state = new LoopState(id, new PromptVersion { Version = 0, Text = initialPrompt, Status = PromptVersionStatus.Initial });
                recorder = new RunRecorder(store, id, timeProvider) { _createdAt = timeProvider.GetUtcNow() };
                var usage = new UsageSnapshot();
                var firstLine = recorder.CreateCommit(state, record: null, files: new(StringComparer.Ordinal), samplesFile: null, usage, TimeSpan.Zero);
                // Written in this order by stores that cannot create a run atomically: the header, which makes the run
                // resumable, comes after the journal line it points to.
                return
                [
                    new(ConfigFile, configJson),
                    new(ManifestFile, recorder.SerializeManifest(state, RunStatus.Running, null, usage)),
                    new(JournalFile, CompactJson.SerializeLine(firstLine, PromptForgeInternalJsonContext.Default.IterationCommit)),
                    new(CheckpointFile, CompactJson.Serialize(new RunCheckpointHeader { RunId = id }, PromptForgeInternalJsonContext.Default.RunCheckpointHeader)),
                ];
            },
            cancellationToken).ConfigureAwait(false);
        return (recorder!, state!);
    }

    /// <summary>Writes the iteration's artifacts (not flushed: the commit is) and returns them with their hashes.</summary>
    public async Task<SortedDictionary<string, string>> WriteIterationAsync(
        IterationRecord record,
        PromptVersion prompt,
        GenerationResult generation,
        IReadOnlyList<PromptProposal> proposals,
        CancellationToken cancellationToken)
    {
        string folder = IterationFolder(record.Iteration);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await WriteAsync($"{folder}/prompt.txt", Encoding.UTF8.GetBytes(prompt.Text)).ConfigureAwait(false);
        await WriteAsync(SamplesPath(record.Iteration), ToJsonLines(generation.Samples)).ConfigureAwait(false);
        if (generation.Rejected.Count > 0)
        {
            await WriteAsync($"{folder}/rejected_samples.jsonl", ToJsonLines(generation.Rejected)).ConfigureAwait(false);
        }

        if (generation.Details is { } details)
        {
            await WriteAsync($"{folder}/generation.json", CompactJson.Serialize(details, PromptForgeJsonContext.Default.JsonElement)).ConfigureAwait(false);
        }

        foreach (var critique in record.Critiques)
        {
            await WriteAsync($"{folder}/critics/{critique.CriticName}.json", CompactJson.Serialize(critique, PromptForgeJsonContext.Default.Critique)).ConfigureAwait(false);
        }

        if (proposals.Count > 0)
        {
            await WriteAsync($"{folder}/proposals.json", CompactJson.Serialize(proposals.ToList(), PromptForgeInternalJsonContext.Default.ListPromptProposal)).ConfigureAwait(false);
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
        await WriteAsync($"{folder}/metrics.json", CompactJson.Serialize(metrics, PromptForgeInternalJsonContext.Default.IterationMetricsArtifact)).ConfigureAwait(false);
        return files;

        async Task WriteAsync(string path, byte[] content)
        {
            await _store.WriteFileAsync(RunId, path, content, flushToDisk: false, cancellationToken).ConfigureAwait(false);
            files[path] = Hash(content);
        }
    }

    /// <summary>Commits a completed iteration: one journal line, flushed to disk. Until it is, the iteration does not count.</summary>
    public Task CommitIterationAsync(LoopState state, IterationRecord record, SortedDictionary<string, string> files, UsageSnapshot usage, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var commit = CreateCommit(state, record, files, SamplesPath(record.Iteration), usage, elapsed);
        return _store.AppendFileAsync(RunId, JournalFile, CompactJson.SerializeLine(commit, PromptForgeInternalJsonContext.Default.IterationCommit), cancellationToken);
    }

    /// <summary>Writes the manifest (at the start and when the run stops; readers bring it up to date from the journal in between).</summary>
    public Task WriteManifestAsync(LoopState state, RunStatus status, string? stopReason, UsageSnapshot usage, CancellationToken cancellationToken) =>
        _store.WriteFileAsync(RunId, ManifestFile, SerializeManifest(state, status, stopReason, usage), cancellationToken);

    /// <summary>
    /// Opens a run to resume it: validates the manifest and the header, replays the journal up to the last iteration
    /// whose artifacts are all intact, repairs a torn or unverified journal tail and deletes what uncommitted iterations
    /// left behind. Call it while holding the run's writer lock.
    /// </summary>
    public static async Task<(RunRecorder Recorder, LoopCheckpoint Checkpoint)> OpenAsync(IRunStore store, string runId, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var manifest = await ReadManifestFileAsync(store, runId, cancellationToken).ConfigureAwait(false);
        var replay = await ReplayAsync(store, runId, verify: true, cancellationToken).ConfigureAwait(false);
        var recorder = new RunRecorder(store, runId, timeProvider)
        {
            _createdAt = manifest?.CreatedAt ?? timeProvider.GetUtcNow(),
            _extras = manifest?.Extras ?? new SortedDictionary<string, JsonElement>(StringComparer.Ordinal),
        };
        foreach (var prompt in replay.Checkpoint.Prompts)
        {
            recorder._committedPrompts[prompt.Version] = CompactJson.Serialize(prompt, PromptForgeJsonContext.Default.PromptVersion);
        }

        if (replay.Lines.Count < replay.LinesRead || replay.Torn)
        {
            // Append after whole, verified lines only: a torn or unverified line in the middle would read as corruption.
            byte[] kept = JsonLines.Serialize(replay.Lines, PromptForgeInternalJsonContext.Default.IterationCommit);
            await store.WriteFileAsync(runId, JournalFile, kept, cancellationToken).ConfigureAwait(false);
        }

        await recorder.DeleteUncommittedFilesAsync(replay, cancellationToken).ConfigureAwait(false);
        return (recorder, replay.Checkpoint);
    }

    /// <summary>The manifest as of the last committed iteration: <c>manifest.json</c>, brought up to date from the journal while the run is in progress or was interrupted.</summary>
    public static async Task<RunManifest?> ReadCurrentManifestAsync(IRunStore store, string runId, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var manifest = await ReadManifestFileAsync(store, runId, cancellationToken).ConfigureAwait(false);
        if (manifest is null || await store.ReadFileAsync(runId, CheckpointFile, cancellationToken).ConfigureAwait(false) is null)
        {
            return manifest;
        }

        // Read (and so validated) whatever the status, so a run that cannot be resumed says so before anything runs.
        var replay = await ReplayAsync(store, runId, verify: false, cancellationToken).ConfigureAwait(false);
        if (manifest.Status != RunStatus.Running)
        {
            return manifest;
        }

        var recorder = new RunRecorder(store, runId, timeProvider) { _createdAt = manifest.CreatedAt, _extras = manifest.Extras };
        var current = recorder.BuildManifest(LoopState.FromCheckpoint(replay.Checkpoint), RunStatus.Running, null, replay.Checkpoint.Usage);
        current.UpdatedAt = manifest.UpdatedAt;
        return current;
    }

    public static async Task<RunManifest?> ReadManifestFileAsync(IRunStore store, string runId, CancellationToken cancellationToken)
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

    private static async Task<Replay> ReplayAsync(IRunStore store, string runId, bool verify, CancellationToken cancellationToken)
    {
        byte[] headerBytes = await store.ReadFileAsync(runId, CheckpointFile, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Run '{runId}' has no {CheckpointFile}: it was interrupted while it was being created, before any model call, so nothing was spent. Start a new run.");
        RunCheckpointHeader header;
        try
        {
            using var document = JsonDocument.Parse(headerBytes);
            int format = document.RootElement.TryGetProperty("format_version", out var version) && version.TryGetInt32(out int v) ? v : 0;
            if (format != RunCheckpointHeader.CurrentFormat)
            {
                throw new InvalidDataException(
                    $"The {CheckpointFile} of run '{runId}' has format {format}; this version of PromptForge resumes format {RunCheckpointHeader.CurrentFormat} "
                    + "(state in the iterations.jsonl journal) only. Finish the run with the version that started it, or start a new run; nothing was changed.");
            }

            header = JsonSerializer.Deserialize(headerBytes, PromptForgeInternalJsonContext.Default.RunCheckpointHeader)
                ?? throw new InvalidDataException($"The {CheckpointFile} of run '{runId}' is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The {CheckpointFile} of run '{runId}' is corrupt ({ex.Message}); nothing was changed. Start a new run or restore the file.", ex);
        }

        JsonLinesReadResult<IterationCommit> read;
        try
        {
            read = await store.ReadJsonLinesAsync(runId, header.Journal, PromptForgeInternalJsonContext.Default.IterationCommit, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"Run '{runId}' has no {header.Journal}, which its {CheckpointFile} names; nothing was changed. Restore the file or start a new run.");
        }
        catch (JsonLinesFormatException ex)
        {
            throw new InvalidDataException($"The {header.Journal} of run '{runId}' is corrupt ({ex.Message}); nothing was changed. Restore the file or start a new run.", ex);
        }

        var lines = new List<IterationCommit>();
        var prompts = new List<PromptVersion>();
        var history = new List<IterationRecord>();
        var samples = new List<Sample>();
        var byIteration = new SortedDictionary<int, UsageTotals>();
        var byIterationAndRole = new SortedDictionary<int, IDictionary<string, UsageTotals>>();
        foreach (var line in read.Items)
        {
            if (line.Iteration != lines.Count || (line.Iteration > 0 && line.Record is null))
            {
                throw new InvalidDataException($"The {header.Journal} of run '{runId}' is corrupt: line {lines.Count + 1} holds iteration {line.Iteration}, expected {lines.Count}; nothing was changed.");
            }

            List<Sample>? lineSamples = null;
            if (verify && line.Iteration > 0)
            {
                lineSamples = await VerifyAsync(store, runId, line, cancellationToken).ConfigureAwait(false);
                if (lineSamples is null)
                {
                    break; // Its artifacts did not all reach the disk: the iteration is redone.
                }
            }

            lines.Add(line);
            foreach (var prompt in line.Prompts)
            {
                int index = prompts.FindIndex(p => p.Version == prompt.Version);
                if (index >= 0)
                {
                    prompts[index] = prompt;
                }
                else
                {
                    prompts.Add(prompt);
                }
            }

            if (line.Record is { } record)
            {
                history.Add(record);
            }

            samples.AddRange(lineSamples ?? []);
            foreach (var (iteration, totals) in line.Usage.ByIteration)
            {
                byIteration[iteration] = totals;
            }

            foreach (var (iteration, roles) in line.Usage.ByIterationAndRole)
            {
                byIterationAndRole[iteration] = roles;
            }
        }

        if (lines.Count == 0)
        {
            throw new InvalidDataException($"The {header.Journal} of run '{runId}' has no complete first line; nothing was changed. Start a new run.");
        }

        var last = lines[^1];
        var usage = new UsageSnapshot
        {
            Total = last.Usage.Total,
            ByRole = last.Usage.ByRole,
            ByRoleKind = last.Usage.ByRoleKind,
            ByIteration = byIteration,
            ByIterationAndRole = byIterationAndRole,
        };
        var checkpoint = new LoopCheckpoint
        {
            RunId = header.RunId,
            Iteration = last.Iteration,
            CurrentVersion = last.CurrentVersion,
            PendingBaselineIteration = last.PendingBaselineIteration,
            Prompts = prompts,
            History = history,
            Samples = samples,
            Extensions = last.Extensions,
            Usage = usage,
            ElapsedWallTime = last.ElapsedWallTime,
        };
        return new Replay(checkpoint, lines, read.Items.Count, read.TornLineNumber is not null);
    }

    /// <summary>Checks every artifact of a committed iteration against its hash; returns its samples, or <see langword="null"/> when one is missing or differs.</summary>
    private static async Task<List<Sample>?> VerifyAsync(IRunStore store, string runId, IterationCommit line, CancellationToken cancellationToken)
    {
        List<Sample>? samples = null;
        foreach (var (path, hash) in line.Files)
        {
            byte[]? content = await store.ReadFileAsync(runId, path, cancellationToken).ConfigureAwait(false);
            if (content is null || !string.Equals(Hash(content), hash, StringComparison.Ordinal))
            {
                return null;
            }

            if (path == line.SamplesFile)
            {
                samples = [.. JsonLines.Deserialize(content, PromptForgeJsonContext.Default.Sample, $"run '{runId}' file '{path}'").Items];
            }
        }

        if (samples is null && line.SamplesFile is not null)
        {
            return null;
        }

        if (samples is not null && samples.Count != line.Record!.SampleCount)
        {
            throw new InvalidDataException($"Run '{runId}' file '{line.SamplesFile}' holds {samples.Count} samples where iteration {line.Iteration} kept {line.Record.SampleCount}; nothing was changed.");
        }

        return samples ?? [];
    }

    /// <summary>Deletes files of iterations that were never committed, and files a failed attempt left in committed folders.</summary>
    private async Task DeleteUncommittedFilesAsync(Replay replay, CancellationToken cancellationToken)
    {
        var committed = new HashSet<string>(replay.Lines.SelectMany(l => l.Files.Keys), StringComparer.Ordinal);
        foreach (string path in await _store.ListFilesAsync(RunId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (path.StartsWith("iter_", StringComparison.Ordinal) && !committed.Contains(path))
            {
                try
                {
                    await _store.DeleteFileAsync(RunId, path, cancellationToken).ConfigureAwait(false);
                }
                catch (NotSupportedException)
                {
                    return; // The redone iteration overwrites what it writes again; the store cannot do more.
                }
            }
        }
    }

    private IterationCommit CreateCommit(LoopState state, IterationRecord? record, SortedDictionary<string, string> files, string? samplesFile, UsageSnapshot usage, TimeSpan elapsed)
    {
        var changed = new List<PromptVersion>();
        foreach (var prompt in state.Prompts)
        {
            byte[] json = CompactJson.Serialize(prompt, PromptForgeJsonContext.Default.PromptVersion);
            if (!_committedPrompts.TryGetValue(prompt.Version, out var previous) || !previous.AsSpan().SequenceEqual(json))
            {
                changed.Add(prompt.Clone());
                _committedPrompts[prompt.Version] = json;
            }
        }

        int iteration = record?.Iteration ?? 0;
        var ownUsage = new SortedDictionary<int, UsageTotals>();
        foreach (var (key, totals) in usage.ByIteration)
        {
            if (key == iteration || (iteration == 0 && key <= 0))
            {
                ownUsage[key] = totals;
            }
        }

        var ownRoleUsage = new SortedDictionary<int, IDictionary<string, UsageTotals>>();
        foreach (var (key, roles) in usage.ByIterationAndRole)
        {
            if (key == iteration || (iteration == 0 && key <= 0))
            {
                ownRoleUsage[key] = roles;
            }
        }

        return new IterationCommit
        {
            Iteration = iteration,
            Record = record,
            Prompts = changed,
            CurrentVersion = state.CurrentVersion,
            PendingBaselineIteration = state.PendingBaselineIteration,
            Extensions = state.ExtensionsSnapshot(),
            Usage = new UsageSnapshot { Total = usage.Total, ByRole = usage.ByRole, ByRoleKind = usage.ByRoleKind, ByIteration = ownUsage, ByIterationAndRole = ownRoleUsage },
            ElapsedWallTime = elapsed,
            SamplesFile = samplesFile,
            Files = files,
        };
    }

    private byte[] SerializeManifest(LoopState state, RunStatus status, string? stopReason, UsageSnapshot usage) =>
        // Indented: the one file meant for people; it is written at the start and the end, never per iteration.
        JsonSerializer.SerializeToUtf8Bytes(BuildManifest(state, status, stopReason, usage), PromptForgeJsonContext.Default.RunManifest);

    private RunManifest BuildManifest(LoopState state, RunStatus status, string? stopReason, UsageSnapshot usage) => new()
    {
        RunId = RunId,
        Status = status,
        StopReason = stopReason,
        CreatedAt = _createdAt,
        UpdatedAt = _timeProvider.GetUtcNow(),
        IterationsCompleted = state.Iteration,
        MetricHistory = state.History.Select(ManifestIteration.From).ToList(),
        PromptHistory = state.Prompts.ToList(),
        FinalPromptVersion = state.CurrentPrompt.Version,
        BestPromptVersion = PromptVersionLedger.SelectBest(state).Version,
        Usage = usage,
        Extras = _extras,
    };

    private static string SamplesPath(int iteration) => $"{IterationFolder(iteration)}/samples.jsonl";

    private static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static byte[] ToJsonLines(IReadOnlyList<Sample> samples) => JsonLines.Serialize(samples, PromptForgeJsonContext.Default.Sample);

    private sealed record Replay(LoopCheckpoint Checkpoint, List<IterationCommit> Lines, int LinesRead, bool Torn);
}
