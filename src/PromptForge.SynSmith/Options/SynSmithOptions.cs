namespace PromptForge.SynSmith;

/// <summary>Options of a SynSmith run (see <see cref="SynSmithPromptLoopBuilderExtensions.UseSynSmith(PromptLoopBuilder, AttributeSchema, RealExampleSet, Action{SynSmithOptions}?)"/>).</summary>
public sealed class SynSmithOptions
{
    /// <summary>Gets or sets the ablation condition.</summary>
    /// <value><see cref="SynSmithCondition.Full"/>.</value>
    public SynSmithCondition Condition { get; set; } = SynSmithCondition.Full;

    /// <summary>Gets the critics left out of the condition (leave-one-critic-out), by <see cref="SynSmithCriticNames"/> name.</summary>
    public ISet<string> ExcludedCritics { get; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the planner strategy.</summary>
    /// <value><see cref="PlannerStrategy.Stratified"/>.</value>
    public PlannerStrategy PlannerStrategy { get; set; } = PlannerStrategy.Stratified;

    /// <summary>Gets the partial attribute assignments requested first in every iteration.</summary>
    public IList<IReadOnlyDictionary<string, string>> TargetedCombinations { get; } = [];

    /// <summary>Gets the generator options.</summary>
    public SynSmithGeneratorOptions Generator { get; } = new();

    /// <summary>Gets the attribute verifier options.</summary>
    public AttributeVerifierOptions AttributeVerifier { get; } = new();

    /// <summary>Gets the realism discriminator options.</summary>
    public RealismDiscriminatorOptions RealismDiscriminator { get; } = new();

    /// <summary>Gets the diversity auditor options.</summary>
    public DiversityAuditorOptions DiversityAuditor { get; } = new();

    /// <summary>Gets the pack discriminator options.</summary>
    public PackDiscriminatorOptions PackDiscriminator { get; } = new();

    /// <summary>Gets the mode-seeking options.</summary>
    public ModeSeekingCriticOptions ModeSeeking { get; } = new();

    /// <summary>Gets the mode hunter options.</summary>
    public ModeHunterOptions ModeHunter { get; } = new();

    /// <summary>Gets the coverage-hole finder options.</summary>
    public CoverageHoleFinderOptions CoverageHoleFinder { get; } = new();

    /// <summary>Gets the prompt updater options.</summary>
    public SynSmithUpdaterOptions Updater { get; } = new();

    /// <summary>Gets the acceptance gate options.</summary>
    public SynSmithGateOptions Gate { get; } = new();

    /// <summary>Gets the names of the critics the condition runs (minus <see cref="ExcludedCritics"/>).</summary>
    /// <returns>The critic names in the reference's order.</returns>
    public IReadOnlyList<string> ActiveCritics()
    {
        IEnumerable<string> critics = Condition switch
        {
            SynSmithCondition.Naive or SynSmithCondition.FewShot or SynSmithCondition.SelfCritique => [SynSmithCriticNames.DiversityAuditor],
            SynSmithCondition.RealismOnly => [SynSmithCriticNames.RealismDiscriminator, SynSmithCriticNames.DiversityAuditor],
            SynSmithCondition.DiversityOnly => [SynSmithCriticNames.DiversityAuditor],
            SynSmithCondition.FullClassic => [SynSmithCriticNames.AttributeVerifier, SynSmithCriticNames.RealismDiscriminator, SynSmithCriticNames.DiversityAuditor],
            _ => SynSmithCriticNames.All,
        };
        return critics.Where(c => !ExcludedCritics.Contains(c)).ToArray();
    }

    /// <summary>Gets a value indicating whether the condition rewrites the prompt.</summary>
    public bool RewritesPrompt => Condition is not (SynSmithCondition.Naive or SynSmithCondition.FewShot);

    /// <summary>Gets a value indicating whether the diversity auditor asks a model for its summary in this condition.</summary>
    internal bool AuditorUsesModel => DiversityAuditor.UseModelSummary && Condition is not (SynSmithCondition.Naive or SynSmithCondition.FewShot or SynSmithCondition.SelfCritique);

    /// <summary>Gets the style anchors per class the condition uses.</summary>
    internal int StyleAnchorsPerClass => Condition switch
    {
        SynSmithCondition.Naive => 0,
        SynSmithCondition.FewShot => 8,
        _ => Generator.StyleAnchorsPerClass,
    };

    /// <summary>Validates every options object and reports all problems.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Condition))
        {
            problems.Add($"Condition: unknown condition {Condition}.");
        }

        if (!Enum.IsDefined(PlannerStrategy))
        {
            problems.Add($"PlannerStrategy: unknown strategy {PlannerStrategy}.");
        }

        foreach (var name in ExcludedCritics.Where(n => !SynSmithCriticNames.All.Contains(n)))
        {
            problems.Add($"ExcludedCritics: '{name}' is not a SynSmith critic ({string.Join(", ", SynSmithCriticNames.All)}).");
        }

        object[] sections = [Generator, AttributeVerifier, RealismDiscriminator, DiversityAuditor, PackDiscriminator, ModeSeeking, ModeHunter, CoverageHoleFinder, Updater, Gate];
        foreach (var section in sections)
        {
            problems.AddRange(OptionsValidation.Problems(section));
        }

        return problems;
    }
}
