namespace PromptForge.SynSmith;

/// <summary>
/// SynSmith's objective: the weighted mean of every measured axis (<see cref="Axes(IterationRecord)"/>), each in [0, 1]
/// with higher better, weighted by <see cref="SynSmithGateOptions"/>. Axes that were not measured are left out rather
/// than guessed.
/// </summary>
public sealed class SynSmithObjective : IPromptObjective
{
    private static readonly (string Critic, string Metric)[] AxisMetrics =
    [
        (SynSmithCriticNames.AttributeVerifier, AttributeVerifier.MatchRateMetric),
        (SynSmithCriticNames.RealismDiscriminator, RealismDiscriminator.AccuracyMetric),
        (SynSmithCriticNames.DiversityAuditor, DiversityMetricNames.NearDuplicateRate),
        (SynSmithCriticNames.PackDiscriminator, PackDiscriminator.AccuracyMetric),
        (SynSmithCriticNames.ModeSeeking, ModeSeekingCritic.RatioMetric),
        (SynSmithCriticNames.CoverageHoleFinder, CoverageHoleFinder.AurocMetric),
        (SynSmithCriticNames.ModeHunter, ModeHunter.BannedPhrasingCountMetric),
    ];

    private readonly SynSmithGateOptions _options;

    /// <summary>Initializes a new instance of the <see cref="SynSmithObjective"/> class.</summary>
    /// <param name="options">The weights; defaults when <see langword="null"/>.</param>
    public SynSmithObjective(SynSmithGateOptions? options = null)
        : this(options, SynSmithCriticNames.All)
    {
    }

    /// <summary>An objective whose inputs are the metrics of <paramref name="activeCritics"/> only: a critic a condition leaves out is "not measured", which must not make the gate abstain.</summary>
    internal SynSmithObjective(SynSmithGateOptions? options, IEnumerable<string> activeCritics)
    {
        _options = options ?? new SynSmithGateOptions();
        var active = activeCritics.ToHashSet(StringComparer.Ordinal);
        InputMetrics = AxisMetrics.Where(m => active.Contains(m.Critic)).Select(m => m.Metric).ToArray();
    }

    /// <summary>Gets the measured axes of an iteration.</summary>
    /// <param name="iteration">The iteration.</param>
    /// <returns>
    /// The axes by name that were measured: <c>fidelity</c> (attribute match rate), <c>realism</c> (1 - 2 |discriminator
    /// accuracy - 0.5|), <c>diversity</c> (1 - near-duplicate rate), <c>pack</c> (1 - 2 |pack accuracy - 0.5|),
    /// <c>mode_seeking</c> (ratio r as r / (1 + r)), <c>coverage</c> (1 - 2 |coverage AUROC - 0.5|) and
    /// <c>banned_phrasing</c> (1 - share of samples using a banned phrasing).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="iteration"/> is <see langword="null"/>.</exception>
    public static IReadOnlyDictionary<string, double> Axes(IterationRecord iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        var axes = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string metric, string axis, Func<MetricValue, double, double?> map)
        {
            if (iteration.Metrics.TryGetValue(metric, out var value) && value.Value is { } v && map(value, v) is { } mapped)
            {
                axes[axis] = mapped;
            }
        }

        Add(AttributeVerifier.MatchRateMetric, GateAxes.Fidelity, (_, v) => v);
        Add(RealismDiscriminator.AccuracyMetric, GateAxes.Realism, (_, v) => GateAxes.ChanceCloseness(v));
        Add(DiversityMetricNames.NearDuplicateRate, GateAxes.Diversity, (_, v) => Math.Clamp(1 - v, 0, 1));
        Add(PackDiscriminator.AccuracyMetric, GateAxes.Pack, (_, v) => GateAxes.ChanceCloseness(v));
        Add(ModeSeekingCritic.RatioMetric, GateAxes.ModeSeeking, (_, v) => GateAxes.Sensitivity(v));
        Add(CoverageHoleFinder.AurocMetric, GateAxes.Coverage, (_, v) => GateAxes.ChanceCloseness(v));
        Add(ModeHunter.BannedPhrasingCountMetric, GateAxes.BannedPhrasing, (m, v) => m.SampleSize is > 0 and var n ? Math.Clamp(1 - (v / n), 0, 1) : null);
        return axes;
    }

    /// <inheritdoc />
    /// <remarks>The metrics behind <see cref="Axes(IterationRecord)"/> (of the condition's critics, when composed by <c>UseSynSmith</c>).</remarks>
    public IReadOnlyCollection<string> InputMetrics { get; }

    /// <inheritdoc />
    public double? Score(IterationRecord iteration)
    {
        var axes = Axes(iteration);
        return Weighted(axes, axes.Keys);
    }

    internal double? Weighted(IReadOnlyDictionary<string, double> axes, IEnumerable<string> names)
    {
        double sum = 0, weights = 0;
        foreach (var name in names)
        {
            var weight = GateAxes.Weight(_options, name);
            sum += weight * axes[name];
            weights += weight;
        }

        return weights > 0 ? sum / weights : null;
    }
}
