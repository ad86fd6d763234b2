using System.Globalization;

namespace PromptForge.SynSmith;

/// <summary>
/// Keeps a rewritten generator prompt only if its iteration does not regress against the baseline iteration
/// (reference defect 16: the reference kept every rewrite, even one that made every metric worse). Compares the
/// axes of <see cref="SynSmithObjective"/> measured in both iterations, by weighted objective or by Pareto
/// dominance; the rejection reason lists the regression so the updater sees it on its retry.
/// </summary>
public sealed class SynSmithAcceptanceGate : IPromptAcceptanceGate
{
    private readonly SynSmithGateOptions _options;
    private readonly SynSmithObjective _objective;

    /// <summary>Initializes a new instance of the <see cref="SynSmithAcceptanceGate"/> class.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    public SynSmithAcceptanceGate(SynSmithGateOptions? options = null)
    {
        _options = options ?? new SynSmithGateOptions();
        _objective = new SynSmithObjective(_options);
    }

    /// <inheritdoc />
    public GateDecision Evaluate(IterationRecord candidate, IterationRecord baseline)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baseline);
        var after = SynSmithObjective.Axes(candidate);
        var before = SynSmithObjective.Axes(baseline);
        var common = before.Keys.Where(after.ContainsKey).Order(StringComparer.Ordinal).ToArray();
        if (common.Length == 0)
        {
            return GateDecision.Accept("no axis was measured in both iterations");
        }

        var summary = SynSmithObjective.Describe(before, after, common);
        if (_options.Mode == SynSmithGateMode.Pareto)
        {
            var dominated = common.All(n => before[n] >= after[n]) && common.Any(n => before[n] - after[n] > _options.Tolerance);
            return dominated
                ? GateDecision.Reject("the baseline Pareto-dominates the rewrite: " + summary)
                : GateDecision.Accept("not dominated: " + summary);
        }

        var objectiveBefore = _objective.Weighted(before, common)!.Value;
        var objectiveAfter = _objective.Weighted(after, common)!.Value;
        var text = string.Create(CultureInfo.InvariantCulture, $"objective {objectiveBefore:0.###} -> {objectiveAfter:0.###} ({summary})");
        return objectiveAfter + _options.Tolerance >= objectiveBefore
            ? GateDecision.Accept(text)
            : GateDecision.Reject("the rewrite regressed: " + text);
    }
}
