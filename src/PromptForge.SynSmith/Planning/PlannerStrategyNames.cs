namespace PromptForge.SynSmith;

/// <summary>The reference's snake_case names of <see cref="PlannerStrategy"/> values.</summary>
internal static class PlannerStrategyNames
{
    public static PlannerStrategy? TryParse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "stratified" => PlannerStrategy.Stratified,
        "coverage_gap" or "coveragegap" => PlannerStrategy.CoverageGap,
        "class_balanced" or "classbalanced" => PlannerStrategy.ClassBalanced,
        _ => null,
    };

    public static string ToName(PlannerStrategy strategy) => strategy switch
    {
        PlannerStrategy.Stratified => "stratified",
        PlannerStrategy.CoverageGap => "coverage_gap",
        PlannerStrategy.ClassBalanced => "class_balanced",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };
}
