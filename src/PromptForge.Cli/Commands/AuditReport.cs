using PromptForge.Evaluation;

namespace PromptForge.Cli.Commands;

/// <summary>Everything <c>promptforge audit</c> measured on one run (written as audit.json, printed, shown in the report).</summary>
internal sealed record AuditReport
{
    public required string RunId { get; init; }

    public required bool Simulated { get; init; }

    public required string Embeddings { get; init; }

    public required int SyntheticCount { get; init; }

    public required int RealTrainCount { get; init; }

    public required int TestCount { get; init; }

    public required string TestSource { get; init; }

    /// <summary>synthetic_only, real_plus_synthetic, real_only (and their probability ensemble), each with bootstrap intervals.</summary>
    public required IReadOnlyList<AuditCondition> Downstream { get; init; }

    public required IReadOnlyList<ConditionComparisonResult> Comparisons { get; init; }

    /// <summary>Scarce-real augmentation: real subsets of growing size, alone and with the synthetic set.</summary>
    public required IReadOnlyList<AuditSweepPoint> Sweep { get; init; }

    public required AuditDiversity SyntheticDiversity { get; init; }

    public required AuditDiversity RealDiversity { get; init; }

    /// <summary>MMD^2 and the real-vs-synthetic AUROC per feature space, each with its real-vs-real null reference.</summary>
    public required IReadOnlyList<AuditFeatureSpace> Spaces { get; init; }

    /// <summary>The cross-run probability ensemble (<c>--ensemble</c>), when computed.</summary>
    public AuditEnsemble? Ensemble { get; init; }
}

internal sealed record AuditCondition(string Name, int TrainSize, ClassificationReport Report, ClassificationIntervals Intervals, string? NotTrainedReason);

/// <summary>One n_real point: the mean over <see cref="Repeats"/> seeded stratified real subsets of <see cref="PerClass"/> examples per label.</summary>
internal sealed record AuditSweepPoint(int PerClass, int RealSize, int Repeats, double? RealOnlyMacroF1, double? RealPlusSyntheticMacroF1, double? RealOnlyWorstClassF1, double? RealPlusSyntheticWorstClassF1);

internal sealed record AuditDiversity(int Count, int SubsampleSize, MetricValue Vendi, MetricValue Distinct1, MetricValue Distinct2, MetricValue Distinct3, MetricValue SelfBleu4, MetricValue NearDuplicateRate);

/// <summary>One feature space: synthetic vs real, and the real examples' two halves against each other (what "indistinguishable" looks like at this sample size).</summary>
internal sealed record AuditFeatureSpace(string Name, int Dimensions, MmdResult Mmd, MmdResult NullMmd, RealVsSyntheticResult Auroc, RealVsSyntheticResult NullAuroc, NearDuplicateResult NearDuplicates);

/// <summary>Synthetic-only classifiers of several runs and the average of their class probabilities, on one test set.</summary>
internal sealed record AuditEnsemble(string TestSource, int TestCount, IReadOnlyList<AuditCondition> Members);
