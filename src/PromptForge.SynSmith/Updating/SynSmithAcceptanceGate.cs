using System.Globalization;
using System.Text;

namespace PromptForge.SynSmith;

/// <summary>
/// Keeps a rewritten generator prompt only when it is measurably better than the incumbent (reference defect 16: the
/// reference kept every rewrite, even one that made every metric worse). In a gate iteration the candidate and the
/// incumbent write samples for the same target vectors; the bootstrap confidence interval of the paired difference of
/// the weighted objective (or, in <see cref="SynSmithGateMode.Pareto"/> mode, of every axis) must clear
/// <see cref="SynSmithGateOptions.MinimumEffect"/>. Without paired work (<see cref="SynSmithGateOptions.PairedMeasurement"/>
/// off) the candidate's batch is compared with the baseline iteration's batch by an unpaired bootstrap. A candidate
/// without per-sample measurements on either side is rejected: nothing is accepted on a partial measurement.
/// </summary>
public sealed class SynSmithAcceptanceGate : IPromptAcceptanceGate
{
    private readonly SynSmithGateOptions _options;

    /// <summary>Initializes a new instance of the <see cref="SynSmithAcceptanceGate"/> class.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    public SynSmithAcceptanceGate(SynSmithGateOptions? options = null)
    {
        _options = options ?? new SynSmithGateOptions();
    }

    /// <inheritdoc />
    public GateDecision Evaluate(IterationRecord candidate, IterationRecord baseline)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baseline);
        var measured = GateMeasurementCritic.Read(candidate);
        if (measured is null)
        {
            return GateDecision.Reject("the candidate's iteration has no per-sample gate measurement; the incumbent is kept");
        }

        if (measured.IncumbentUnits is { Count: > 0 } incumbentUnits)
        {
            var byTarget = incumbentUnits.GroupBy(u => u.Target).ToDictionary(g => g.Key, g => g.First());
            var pairs = measured.Units.Where(u => byTarget.ContainsKey(u.Target)).Select(u => (Candidate: u, Incumbent: byTarget[u.Target])).ToArray();
            var source = string.Create(
                CultureInfo.InvariantCulture,
                $"paired on {pairs.Length} target vectors against incumbent v{measured.IncumbentVersion} ({measured.ExtraCalls} extra model calls)");
            return pairs.Length < 2
                ? GateDecision.Reject(source + ": fewer than 2 paired samples; the incumbent is kept")
                : Decide(
                    GateComparison.Paired(pairs.Select(p => p.Candidate).ToArray(), pairs.Select(p => p.Incumbent).ToArray()),
                    source,
                    candidate.Iteration);
        }

        var before = GateMeasurementCritic.Read(baseline);
        if (before is null || before.Units.Count < 2 || measured.Units.Count < 2)
        {
            var why = measured.PairedNote is { } note ? $" (paired measurement: {note})" : string.Empty;
            return GateDecision.Reject($"no comparable per-sample measurement of candidate and incumbent{why}; the incumbent is kept");
        }

        return Decide(
            GateComparison.Unpaired(measured.Units, before.Units),
            string.Create(CultureInfo.InvariantCulture, $"unpaired: {measured.Units.Count} candidate samples vs {before.Units.Count} of baseline iteration {baseline.Iteration}"),
            candidate.Iteration);
    }

    private GateDecision Decide(GateComparison comparison, string source, int iteration)
    {
        var axes = GateAxes.All.Where(a => GateAxes.Weight(_options, a) > 0 && comparison.Measures(a)).ToArray();
        if (axes.Length == 0)
        {
            return GateDecision.Reject(source + ": no weighted axis was measured on both sides; the incumbent is kept");
        }

        // Not HashCode.Combine: it is randomized per process, and the same run must reach the same decision every time.
        var random = new Random(unchecked((_options.BootstrapSeed * 1_000_003) ^ iteration));
        var level = _options.ConfidenceLevel;
        var effect = _options.MinimumEffect;
        var text = new StringBuilder(source).Append(": ");
        if (_options.Mode == SynSmithGateMode.Pareto)
        {
            // Bonferroni: every axis is a test, so each interval is wider and the family keeps the configured level.
            var perAxis = 1 - ((1 - level) / axes.Length);
            var improved = new List<string>();
            var regressed = new List<string>();
            foreach (var axis in axes)
            {
                var observed = comparison.Difference([axis], null, null);
                var (low, high) = comparison.Interval([axis], _options.BootstrapResamples, perAxis, random);
                text.Append(Describe(axis, comparison, observed, low, high, perAxis)).Append("; ");
                if (low > effect)
                {
                    improved.Add(axis);
                }
                else if (high < -effect)
                {
                    regressed.Add(axis);
                }
            }

            var summary = text.ToString().TrimEnd(' ', ';');
            return improved.Count > 0 && regressed.Count == 0
                ? GateDecision.Accept($"improved {string.Join(", ", improved)} with none regressed ({summary})")
                : GateDecision.Reject(regressed.Count > 0
                    ? $"regressed {string.Join(", ", regressed)} ({summary})"
                    : $"no axis improved by more than {Format(effect)} with {Percent(level)} confidence ({summary})");
        }

        var difference = comparison.Difference(axes, null, null, _options);
        var (lower, upper) = comparison.Interval(axes, _options.BootstrapResamples, level, random, _options);
        var axisText = string.Join(", ", axes.Select(a => comparison.DescribeMeans(a)));
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"{text}objective difference {Format(difference)} [{Percent(level)} CI {Format(lower)}, {Format(upper)}], minimum effect {Format(effect)} ({axisText})");
        return lower > effect
            ? GateDecision.Accept(reason)
            : GateDecision.Reject((upper < -effect ? "the rewrite regressed: " : "no improvement distinguishable from noise: ") + reason);
    }

    private static string Describe(string axis, GateComparison comparison, double observed, double low, double high, double level) =>
        string.Create(CultureInfo.InvariantCulture, $"{comparison.DescribeMeans(axis)} (diff {Format(observed)} [{Percent(level)} CI {Format(low)}, {Format(high)}])");

    private static string Percent(double level) => (level * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Format(double value) => double.IsNaN(value) ? "n/a" : value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
}
