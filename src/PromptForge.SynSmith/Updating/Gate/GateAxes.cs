namespace PromptForge.SynSmith;

/// <summary>The objective's axes, each in [0, 1] with higher better (docs/synsmith-gate.md).</summary>
internal static class GateAxes
{
    public const string Fidelity = "fidelity";
    public const string Realism = "realism";
    public const string Diversity = "diversity";
    public const string Pack = "pack";
    public const string ModeSeeking = "mode_seeking";
    public const string Coverage = "coverage";
    public const string BannedPhrasing = "banned_phrasing";

    public static IReadOnlyList<string> All { get; } = [Fidelity, Realism, Diversity, Pack, ModeSeeking, Coverage, BannedPhrasing];

    public static double Weight(SynSmithGateOptions options, string axis) => axis switch
    {
        Fidelity => options.FidelityWeight,
        Realism => options.RealismWeight,
        Diversity => options.DiversityWeight,
        Pack => options.PackWeight,
        ModeSeeking => options.ModeSeekingWeight,
        Coverage => options.CoverageWeight,
        BannedPhrasing => options.BannedPhrasingWeight,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "Unknown axis."),
    };

    /// <summary>The axis value of a set of samples from the mean of their contributions (<see cref="GateContributions"/>).</summary>
    public static double Aggregate(string axis, double meanContribution) => axis switch
    {
        Realism or Pack => ChanceCloseness(meanContribution),
        ModeSeeking => Sensitivity(meanContribution),
        _ => meanContribution,
    };

    /// <summary>An accuracy whose ideal is chance (0.5) as closeness to chance: 1 at 0.5, 0 at 0 or 1.</summary>
    public static double ChanceCloseness(double accuracy) => Math.Clamp(1 - (2 * Math.Abs(accuracy - 0.5)), 0, 1);

    /// <summary>A non-negative mode-seeking ratio mapped into [0, 1) (monotone, so higher stays better).</summary>
    public static double Sensitivity(double ratio) => ratio <= 0 ? 0 : ratio / (1 + ratio);
}
