using System.Diagnostics.CodeAnalysis;

namespace PromptForge;

/// <summary>What a prompt updater receives.</summary>
public sealed class PromptUpdateContext : LoopStepContext
{
    /// <summary>Initializes a new instance of the <see cref="PromptUpdateContext"/> class.</summary>
    public PromptUpdateContext()
    {
    }

    [SetsRequiredMembers]
    internal PromptUpdateContext(IterationServices services, PromptVersion current, IReadOnlyList<Sample> samples, IReadOnlyList<Critique> critiques, IReadOnlyDictionary<string, MetricValue> metrics)
        : base(services, "updater")
    {
        Current = current;
        Samples = samples;
        Critiques = critiques;
        History = services.State.History;
        Metrics = metrics;
    }

    /// <summary>Gets the prompt version in force (after any rollback in this iteration).</summary>
    public required PromptVersion Current { get; init; }

    /// <summary>Gets this iteration's samples.</summary>
    public required IReadOnlyList<Sample> Samples { get; init; }

    /// <summary>Gets every critique of this iteration, custom critics included.</summary>
    public required IReadOnlyList<Critique> Critiques { get; init; }

    /// <summary>Gets the completed iterations before this one, oldest first.</summary>
    public required IReadOnlyList<IterationRecord> History { get; init; }

    /// <summary>Gets the candidate rolled back in this iteration, when the acceptance gate rejected one.</summary>
    public PromptRejection? LastRejection { get; init; }

    /// <summary>Gets the metrics of this iteration merged across critics.</summary>
    public required IReadOnlyDictionary<string, MetricValue> Metrics { get; init; }

    /// <summary>
    /// Gets a value indicating whether no iteration follows this one (the iteration limit or the curriculum's last step).
    /// A <see cref="PromptUpdateDecision.Candidate"/> proposed now could never be measured by the acceptance gate, so the
    /// loop does not propose it; an updater that only proposes candidates can skip its work.
    /// </summary>
    public bool IsFinalIteration { get; init; }
}
