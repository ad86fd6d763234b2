using System.Globalization;

namespace PromptForge.SynSmith;

/// <summary>
/// SynSmith's objective over three axes, each in [0, 1] with higher better: fidelity (attribute match rate),
/// realism (1 - 2 |discriminator accuracy - 0.5|) and diversity (1 - near-duplicate rate). Axes that were not
/// measured are left out rather than guessed.
/// </summary>
public sealed class SynSmithObjective : IPromptObjective
{
    private readonly SynSmithGateOptions _options;

    /// <summary>Initializes a new instance of the <see cref="SynSmithObjective"/> class.</summary>
    /// <param name="options">The weights; defaults when <see langword="null"/>.</param>
    public SynSmithObjective(SynSmithGateOptions? options = null)
    {
        _options = options ?? new SynSmithGateOptions();
    }

    /// <summary>Gets the measured axes of an iteration.</summary>
    /// <param name="iteration">The iteration.</param>
    /// <returns>The axes by name (<c>fidelity</c>, <c>realism</c>, <c>diversity</c>) that were measured.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="iteration"/> is <see langword="null"/>.</exception>
    public static IReadOnlyDictionary<string, double> Axes(IterationRecord iteration)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        var axes = new Dictionary<string, double>(StringComparer.Ordinal);
        if (iteration.Metrics.TryGetValue(AttributeVerifier.MatchRateMetric, out var match) && match.Value is { } fidelity)
        {
            axes["fidelity"] = fidelity;
        }

        if (iteration.Metrics.TryGetValue(RealismDiscriminator.AccuracyMetric, out var accuracy) && accuracy.Value is { } a)
        {
            axes["realism"] = Math.Clamp(1 - (2 * Math.Abs(a - 0.5)), 0, 1);
        }

        if (iteration.Metrics.TryGetValue(DiversityMetricNames.NearDuplicateRate, out var duplicates) && duplicates.Value is { } d)
        {
            axes["diversity"] = Math.Clamp(1 - d, 0, 1);
        }

        return axes;
    }

    /// <inheritdoc />
    /// <remarks>Fidelity, realism and diversity: the attribute match rate, the discriminator accuracy and the near-duplicate rate.</remarks>
    public IReadOnlyCollection<string> InputMetrics { get; } = [AttributeVerifier.MatchRateMetric, RealismDiscriminator.AccuracyMetric, DiversityMetricNames.NearDuplicateRate];

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
            var weight = Weight(name);
            sum += weight * axes[name];
            weights += weight;
        }

        return weights > 0 ? sum / weights : null;
    }

    internal static string Describe(IReadOnlyDictionary<string, double> baseline, IReadOnlyDictionary<string, double> candidate, IEnumerable<string> names) =>
        string.Join(", ", names.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n} {baseline[n]:0.###} -> {candidate[n]:0.###}")));

    private double Weight(string axis) => axis switch
    {
        "fidelity" => _options.FidelityWeight,
        "realism" => _options.RealismWeight,
        _ => _options.DiversityWeight,
    };
}
