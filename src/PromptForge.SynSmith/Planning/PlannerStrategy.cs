namespace PromptForge.SynSmith;

/// <summary>How the attribute planner chooses target attribute vectors. Each strategy runs exactly as chosen (reference defect 6: <c>class_balanced</c> silently replaced the chosen strategy there).</summary>
public enum PlannerStrategy
{
    /// <summary>Independent uniform draws per attribute (<c>stratified</c>).</summary>
    Stratified,

    /// <summary>Values weighted toward attribute-value cells seen least so far (<c>coverage_gap</c>).</summary>
    CoverageGap,

    /// <summary>Labels chosen to fill per-label deficits against ceil(total / labels), largest deficit first; other attributes uniform (<c>class_balanced</c>).</summary>
    ClassBalanced,
}
