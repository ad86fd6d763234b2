using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptForge;

/// <summary>What one critic reported about one iteration.</summary>
public sealed class Critique
{
    private static readonly IReadOnlyDictionary<string, MetricValue> NoMetrics = new Dictionary<string, MetricValue>();
    // Collection properties coalesce null: JSON source generation passes null for a property missing from the document.
    private readonly IReadOnlyList<Complaint> _complaints = [];
    private readonly IReadOnlyList<SampleVerdict> _verdicts = [];
    private readonly IReadOnlyDictionary<string, MetricValue> _metrics = NoMetrics;
    private readonly IReadOnlyDictionary<int, double> _promptScores = new Dictionary<int, double>();
    private readonly IReadOnlyList<Artifact> _stateUpdates = [];
    private readonly JsonElement? _details;
    private readonly string? _resultKey;
    private Artifact? _result;

    /// <summary>Gets the critic's name.</summary>
    public required string CriticName { get; init; }

    /// <summary>Gets the scalar metrics, keyed by snake_case names unique across critics.</summary>
    public IReadOnlyDictionary<string, MetricValue> Metrics
    {
        get => _metrics;
        init => _metrics = value ?? NoMetrics;
    }

    /// <summary>Gets the per-sample verdicts.</summary>
    public IReadOnlyList<SampleVerdict> Verdicts
    {
        get => _verdicts;
        init => _verdicts = value ?? [];
    }

    /// <summary>Gets the named complaints with evidence.</summary>
    public IReadOnlyList<Complaint> Complaints
    {
        get => _complaints;
        init => _complaints = value ?? [];
    }

    /// <summary>Gets the error that stopped the critic, when it failed; the run goes on without its measurements.</summary>
    public string? Error { get; init; }

    /// <summary>Gets a critic-specific report saved with the iteration's artifacts: the JSON of <see cref="Result"/> when the critic published one.</summary>
    public JsonElement? Details
    {
        get => _details ?? _result?.ToJsonElement();
        init => _details = value;
    }

    /// <summary>
    /// Gets the critic's typed result, published under an <see cref="ArtifactKey{T}"/> that the updater, the generator,
    /// the objective and the CLI read it through (<see cref="TryGetResult{T}"/>). It is saved as <see cref="Details"/>;
    /// a critique sets one or the other, not both.
    /// </summary>
    [JsonIgnore]
    public Artifact? Result
    {
        get
        {
            if (_result is null && _resultKey is not null && _details is { } saved)
            {
                // Read back from a run folder: the details are the result's JSON; the reader's key restores its type.
                Interlocked.CompareExchange(ref _result, Artifact.FromJson(_resultKey, saved), null);
            }

            return _result;
        }

        init => _result = value;
    }

    /// <summary>Gets the name of the key <see cref="Result"/> was published under; saved so a resumed run can restore it.</summary>
    public string? ResultKey
    {
        get => _result?.Name ?? _resultKey;
        init => _resultKey = value;
    }

    /// <summary>
    /// Gets objective scores of prompt versions other than the one critiqued, measured by this critic (for example SIPDO's
    /// p* selection round re-scores every kept version); the loop records them. Not saved with the critique.
    /// </summary>
    /// <value>The default is empty.</value>
    [JsonIgnore]
    public IReadOnlyDictionary<int, double> PromptScores
    {
        get => _promptScores;
        init => _promptScores = value ?? new Dictionary<int, double>();
    }

    /// <summary>Gets component state this critic saves in the loop state (<see cref="LoopState.TryGetValue{T}"/>); the loop applies it.</summary>
    /// <value>The default is empty.</value>
    [JsonIgnore]
    public IReadOnlyList<Artifact> StateUpdates
    {
        get => _stateUpdates;
        init => _stateUpdates = value ?? [];
    }

    /// <summary>Gets a value indicating whether both free-form details and a typed result were set (the loop rejects that).</summary>
    internal bool SetsDetailsAndResult => _details is not null && _result is not null && _resultKey is null;

    /// <summary>Gets a value indicating whether the critic failed.</summary>
    public bool Failed => Error is not null;

    /// <summary>Gets the critic's typed result when it was published under <paramref name="key"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The result: the object the critic published, or the saved one restored through <paramref name="key"/>.</param>
    /// <returns><see langword="true"/> when the critique carries a result under <paramref name="key"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool TryGetResult<T>(ArtifactKey<T> key, [MaybeNullWhen(false)] out T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        value = default;
        return Result is { } result && result.TryGetValue(key, out value);
    }

    /// <summary>Creates the critique of a critic that failed.</summary>
    /// <param name="criticName">The critic's name.</param>
    /// <param name="error">What went wrong.</param>
    /// <param name="metricNames">The metrics the critic would have reported; each is marked not measured.</param>
    /// <returns>The critique.</returns>
    /// <exception cref="ArgumentException"><paramref name="criticName"/> or <paramref name="error"/> is null or empty.</exception>
    public static Critique CreateFailed(string criticName, string error, IEnumerable<string>? metricNames = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(criticName);
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
        foreach (string name in metricNames ?? [])
        {
            metrics[name] = MetricValue.NotMeasured($"critic '{criticName}' failed: {error}");
        }

        return new Critique { CriticName = criticName, Error = error, Metrics = metrics };
    }
}
