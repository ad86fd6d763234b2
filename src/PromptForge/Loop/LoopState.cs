using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace PromptForge;

/// <summary>
/// The state of a run: prompt versions, completed iterations, every sample kept so far, and component state that
/// must survive a resume. The loop owns it and is the only one to change it: components read it here and return what
/// they want changed in their results (<see cref="GenerationResult.StateUpdates"/>, <see cref="Critique.StateUpdates"/>,
/// <see cref="Critique.PromptScores"/>), which the loop applies.
/// </summary>
public sealed class LoopState
{
    private readonly Lock _gate = new();
    private readonly List<PromptVersion> _prompts = [];
    private readonly List<IterationRecord> _history = [];
    private readonly List<Sample> _samples = [];
    private readonly HashSet<string> _sampleIds = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Artifact> _extensions = new(StringComparer.Ordinal);

    internal LoopState(string runId, PromptVersion initial)
    {
        RunId = runId;
        _prompts.Add(initial);
        CurrentVersion = initial.Version;
    }

    /// <summary>Gets the run id.</summary>
    public string RunId { get; }

    /// <summary>Gets the number of completed iterations.</summary>
    public int Iteration { get; internal set; }

    /// <summary>Gets the prompt version in force.</summary>
    public PromptVersion CurrentPrompt
    {
        get
        {
            lock (_gate)
            {
                return _prompts.First(p => p.Version == CurrentVersion);
            }
        }
    }

    /// <summary>Gets every prompt version, in the order proposed.</summary>
    public IReadOnlyList<PromptVersion> Prompts
    {
        get
        {
            lock (_gate)
            {
                return _prompts.ToArray();
            }
        }
    }

    /// <summary>Gets the completed iterations, oldest first.</summary>
    public IReadOnlyList<IterationRecord> History
    {
        get
        {
            lock (_gate)
            {
                return _history.ToArray();
            }
        }
    }

    /// <summary>Gets every sample kept so far, in the order written.</summary>
    public IReadOnlyList<Sample> AllSamples
    {
        get
        {
            lock (_gate)
            {
                return _samples.ToArray();
            }
        }
    }

    internal int CurrentVersion { get; set; }

    /// <summary>Gets the iteration that measured the parent of the candidate in force, while a candidate awaits the gate.</summary>
    internal int? PendingBaselineIteration { get; set; }

    /// <summary>Reads component state saved under <paramref name="key"/> (by this run, or restored on resume).</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The state; treat it as read-only and return a changed copy in a state update.</param>
    /// <returns><see langword="true"/> when state was saved under <paramref name="key"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool TryGetValue<T>(ArtifactKey<T> key, [MaybeNullWhen(false)] out T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        Artifact? artifact;
        lock (_gate)
        {
            _extensions.TryGetValue(key.Name, out artifact);
        }

        value = default;
        return artifact is not null && artifact.TryGetValue(key, out value);
    }

    /// <summary>Records a prompt version's objective score (its latest measurement wins).</summary>
    internal void ScorePrompt(int version, double score)
    {
        if (!double.IsFinite(score))
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, "A prompt score must be finite.");
        }

        lock (_gate)
        {
            var prompt = _prompts.FirstOrDefault(p => p.Version == version)
                ?? throw new ArgumentOutOfRangeException(nameof(version), version, "No such prompt version.");
            prompt.Score = score;
        }
    }

    /// <summary>Saves component state; it is written with every iteration's checkpoint and restored on resume.</summary>
    internal void SetValue(Artifact value)
    {
        lock (_gate)
        {
            _extensions[value.Name] = value;
        }
    }

    internal SortedDictionary<string, JsonElement> ExtensionsSnapshot()
    {
        lock (_gate)
        {
            return ExtensionsJson();
        }
    }

    private SortedDictionary<string, JsonElement> ExtensionsJson()
    {
        var json = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, artifact) in _extensions)
        {
            json[name] = artifact.ToJsonElement();
        }

        return json;
    }

    internal PromptVersion GetVersion(int version)
    {
        lock (_gate)
        {
            return _prompts.First(p => p.Version == version);
        }
    }

    internal PromptVersion AddVersion(string text, int parent, string? motivation, int iteration, PromptVersionStatus status, string? reason)
    {
        lock (_gate)
        {
            var version = new PromptVersion
            {
                Version = _prompts.Max(p => p.Version) + 1,
                Text = text,
                ParentVersion = parent,
                Motivation = motivation,
                Iteration = iteration,
                Status = status,
                StatusReason = reason,
            };
            _prompts.Add(version);
            return version;
        }
    }

    internal void CompleteIteration(IterationRecord record, IEnumerable<Sample> samples)
    {
        lock (_gate)
        {
            _history.Add(record);
            foreach (var sample in samples)
            {
                _samples.Add(sample);
                _sampleIds.Add(sample.Id);
            }

            Iteration = record.Iteration;
        }
    }

    internal bool ContainsSampleId(string id)
    {
        lock (_gate)
        {
            return _sampleIds.Contains(id);
        }
    }

    internal LoopCheckpoint ToCheckpoint(UsageSnapshot usage, TimeSpan elapsed)
    {
        lock (_gate)
        {
            return new LoopCheckpoint
            {
                RunId = RunId,
                Iteration = Iteration,
                CurrentVersion = CurrentVersion,
                PendingBaselineIteration = PendingBaselineIteration,
                Prompts = _prompts.Select(p => p.Clone()).ToList(),
                History = [.. _history],
                Samples = [.. _samples],
                Extensions = ExtensionsJson(),
                Usage = usage,
                ElapsedWallTime = elapsed,
            };
        }
    }

    internal static LoopState FromCheckpoint(LoopCheckpoint checkpoint)
    {
        if (checkpoint.Prompts.Count == 0)
        {
            throw new InvalidDataException("The checkpoint has no prompt versions.");
        }

        var state = new LoopState(checkpoint.RunId, checkpoint.Prompts[0]);
        state._prompts.Clear();
        state._prompts.AddRange(checkpoint.Prompts);
        if (!state._prompts.Any(p => p.Version == checkpoint.CurrentVersion))
        {
            throw new InvalidDataException($"The checkpoint's current prompt version {checkpoint.CurrentVersion} does not exist.");
        }

        state.CurrentVersion = checkpoint.CurrentVersion;
        state.PendingBaselineIteration = checkpoint.PendingBaselineIteration;
        state._history.AddRange(checkpoint.History);
        state._samples.AddRange(checkpoint.Samples);
        state._sampleIds.UnionWith(checkpoint.Samples.Select(sample => sample.Id));
        foreach (var (k, v) in checkpoint.Extensions)
        {
            state._extensions[k] = Artifact.FromJson(k, v);
        }

        state.Iteration = checkpoint.Iteration;
        return state;
    }
}
