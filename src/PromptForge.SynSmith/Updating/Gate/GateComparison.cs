using System.Globalization;

namespace PromptForge.SynSmith;

/// <summary>
/// The candidate's and the incumbent's per-sample contributions, paired by target vector (same index on both sides) or
/// as two independent batches; computes axis values, the objective difference and its bootstrap interval.
/// </summary>
internal sealed class GateComparison
{
    private readonly GateUnit[] _candidate;
    private readonly GateUnit[] _incumbent;
    private readonly bool _paired;

    private GateComparison(GateUnit[] candidate, GateUnit[] incumbent, bool paired)
    {
        _candidate = candidate;
        _incumbent = incumbent;
        _paired = paired;
    }

    public static GateComparison Paired(GateUnit[] candidate, GateUnit[] incumbent) => new(candidate, incumbent, paired: true);

    public static GateComparison Unpaired(IReadOnlyList<GateUnit> candidate, IReadOnlyList<GateUnit> incumbent) => new([.. candidate], [.. incumbent], paired: false);

    public bool Measures(string axis) => _paired
        ? _candidate.Where((u, k) => u.Axes.ContainsKey(axis) && _incumbent[k].Axes.ContainsKey(axis)).Any()
        : _candidate.Any(u => u.Axes.ContainsKey(axis)) && _incumbent.Any(u => u.Axes.ContainsKey(axis));

    /// <summary>The (weighted, when <paramref name="weights"/> is given) difference candidate minus incumbent over the drawn units (all when null).</summary>
    public double Difference(IReadOnlyList<string> axes, int[]? candidateDraw, int[]? incumbentDraw, SynSmithGateOptions? weights = null)
    {
        double sum = 0, total = 0;
        foreach (var axis in axes)
        {
            var (candidate, incumbent) = Values(axis, candidateDraw, incumbentDraw);
            var difference = candidate - incumbent;
            if (double.IsFinite(difference))
            {
                var weight = weights is null ? 1 : GateAxes.Weight(weights, axis);
                sum += weight * difference;
                total += weight;
            }
        }

        return total > 0 ? sum / total : double.NaN;
    }

    public (double Low, double High) Interval(IReadOnlyList<string> axes, int resamples, double level, Random random, SynSmithGateOptions? weights = null) => _paired
        ? PairedBootstrap.Paired(_candidate.Length, draw => Difference(axes, draw, draw, weights), resamples, level, random)
        : PairedBootstrap.Unpaired(_candidate.Length, _incumbent.Length, (c, i) => Difference(axes, c, i, weights), resamples, level, random);

    /// <summary>"axis incumbent -> candidate" on all units.</summary>
    public string DescribeMeans(string axis)
    {
        var (candidate, incumbent) = Values(axis, null, null);
        return string.Create(CultureInfo.InvariantCulture, $"{axis} {incumbent:0.###} -> {candidate:0.###}");
    }

    private (double Candidate, double Incumbent) Values(string axis, int[]? candidateDraw, int[]? incumbentDraw)
    {
        double candidateSum = 0, incumbentSum = 0;
        int candidateCount = 0, incumbentCount = 0;
        if (_paired)
        {
            foreach (var k in candidateDraw ?? Enumerable.Range(0, _candidate.Length))
            {
                // A pair counts on an axis only when both of its samples were measured there.
                if (_candidate[k].Axes.TryGetValue(axis, out var c) && _incumbent[k].Axes.TryGetValue(axis, out var i))
                {
                    candidateSum += c;
                    incumbentSum += i;
                    candidateCount++;
                    incumbentCount++;
                }
            }
        }
        else
        {
            foreach (var k in candidateDraw ?? Enumerable.Range(0, _candidate.Length))
            {
                if (_candidate[k].Axes.TryGetValue(axis, out var c))
                {
                    candidateSum += c;
                    candidateCount++;
                }
            }

            foreach (var k in incumbentDraw ?? Enumerable.Range(0, _incumbent.Length))
            {
                if (_incumbent[k].Axes.TryGetValue(axis, out var i))
                {
                    incumbentSum += i;
                    incumbentCount++;
                }
            }
        }

        return (
            candidateCount == 0 ? double.NaN : GateAxes.Aggregate(axis, candidateSum / candidateCount),
            incumbentCount == 0 ? double.NaN : GateAxes.Aggregate(axis, incumbentSum / incumbentCount));
    }
}
