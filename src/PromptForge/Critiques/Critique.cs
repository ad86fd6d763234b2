using System.Text.Json;

namespace PromptForge;

/// <summary>What one critic reported about one iteration.</summary>
public sealed class Critique
{
    private static readonly IReadOnlyDictionary<string, MetricValue> NoMetrics = new Dictionary<string, MetricValue>();
    // Collection properties coalesce null: JSON source generation passes null for a property missing from the document.
    private readonly IReadOnlyList<Complaint> _complaints = [];
    private readonly IReadOnlyList<SampleVerdict> _verdicts = [];
    private readonly IReadOnlyDictionary<string, MetricValue> _metrics = NoMetrics;

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

    /// <summary>Gets a critic-specific report saved with the iteration's artifacts.</summary>
    public JsonElement? Details { get; init; }

    /// <summary>Gets a value indicating whether the critic failed.</summary>
    public bool Failed => Error is not null;

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
