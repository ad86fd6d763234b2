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
            // The one-pass conditions keep only the auditor's deterministic layer (AuditorUsesModel is off for them).
            SynSmithCondition.Naive or SynSmithCondition.FewShot or SynSmithCondition.SelfCritique => [SynSmithCriticNames.DiversityAuditor],
            SynSmithCondition.RealismOnly => [SynSmithCriticNames.RealismDiscriminator, SynSmithCriticNames.DiversityAuditor],
            SynSmithCondition.DiversityOnly => [SynSmithCriticNames.DiversityAuditor, SynSmithCriticNames.ModeSeeking, SynSmithCriticNames.CoverageHoleFinder],
            SynSmithCondition.AttributeOnly => [SynSmithCriticNames.AttributeVerifier, SynSmithCriticNames.DiversityAuditor],
            SynSmithCondition.FullClassic => [SynSmithCriticNames.AttributeVerifier, SynSmithCriticNames.RealismDiscriminator, SynSmithCriticNames.DiversityAuditor],
            _ => SynSmithCriticNames.All,
        };
        return critics.Where(c => !ExcludedCritics.Contains(c)).ToArray();
    }

    /// <summary>Gets a value indicating whether the condition rewrites the prompt.</summary>
    public bool RewritesPrompt => !IsOnePass(Condition);

    /// <summary>Gets a value indicating whether the diversity auditor asks a model for its summary in this condition.</summary>
    internal bool AuditorUsesModel => DiversityAuditor.UseModelSummary && !IsOnePass(Condition);

    /// <summary>Gets the style anchors per class the condition uses: the configured count, at least 8 for few_shot.</summary>
    internal int StyleAnchorsPerClass => Condition == SynSmithCondition.FewShot
        ? Math.Max(Generator.StyleAnchorsPerClass, FewShotMinimumAnchors)
        : Generator.StyleAnchorsPerClass;

    /// <summary>The reference's few_shot condition shows at least this many anchors per class.</summary>
    internal const int FewShotMinimumAnchors = 8;

    /// <summary>Whether a condition writes all its samples in one pass with the initial prompt (the reference's naive and few_shot).</summary>
    internal static bool IsOnePass(SynSmithCondition condition) => condition is SynSmithCondition.Naive or SynSmithCondition.FewShot;

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
