namespace PromptForge;

/// <summary>Publishes the loop's events for one run, stamping each with the run id and the time.</summary>
internal sealed class LoopEventPublisher
{
    private readonly ILoopEventSink _sink;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="LoopEventPublisher"/> class.</summary>
    /// <param name="sink">Where events go.</param>
    /// <param name="timeProvider">The clock for the timestamps.</param>
    /// <param name="runId">The run id.</param>
    public LoopEventPublisher(ILoopEventSink sink, TimeProvider timeProvider, string runId)
    {
        _sink = sink;
        _timeProvider = timeProvider;
        RunId = runId;
    }

    /// <summary>Gets the sink components receive to report progress.</summary>
    public ILoopEventSink Sink => _sink;

    /// <summary>Gets the run id.</summary>
    public string RunId { get; }

    public void RunStarted(int iteration, string? runLocation, bool resumed) =>
        _sink.Publish(new RunStartedEvent { RunId = RunId, Iteration = iteration, Timestamp = Now, RunLocation = runLocation, Resumed = resumed });

    public void IterationStarted(int iteration, int promptVersion, DifficultyStep? level) =>
        _sink.Publish(new IterationStartedEvent { RunId = RunId, Iteration = iteration, Timestamp = Now, PromptVersion = promptVersion, Level = level });

    public void SamplesGenerated(int iteration, GenerationResult generation) =>
        _sink.Publish(new SamplesGeneratedEvent
        {
            RunId = RunId,
            Iteration = iteration,
            Timestamp = Now,
            Samples = generation.Samples,
            RejectedCount = generation.Rejected.Count,
            LevelSkipped = generation.LevelSkipped,
            Note = generation.Note,
        });

    public void CritiqueCompleted(int iteration, Critique critique) =>
        _sink.Publish(new CritiqueCompletedEvent { RunId = RunId, Iteration = iteration, Timestamp = Now, Critique = critique });

    public void PromptProposed(int iteration, PromptVersion prompt) =>
        _sink.Publish(new PromptProposedEvent { RunId = RunId, Iteration = iteration, Timestamp = Now, Prompt = prompt });

    public void PromptAccepted(int iteration, PromptVersion prompt, string? reason) =>
        _sink.Publish(new PromptAcceptedEvent { RunId = RunId, Iteration = iteration, Timestamp = Now, Prompt = prompt, Reason = reason });

    public void PromptRejected(int iteration, PromptVersion prompt, string reason) =>
        _sink.Publish(new PromptRejectedEvent { RunId = RunId, Iteration = iteration, Timestamp = Now, Prompt = prompt, Reason = reason });

    /// <summary>Publishes what the gate did: an accepted or a rolled-back candidate; nothing when it abstained or had nothing to judge.</summary>
    /// <param name="iteration">The iteration.</param>
    /// <param name="outcome">The gate's outcome.</param>
    public void GateOutcome(int iteration, GateOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case GateOutcomeKind.Accepted:
                PromptAccepted(iteration, outcome.Candidate!, outcome.Reason);
                break;
            case GateOutcomeKind.Rejected:
                PromptRejected(iteration, outcome.Candidate!, outcome.Reason!);
                break;
        }
    }

    /// <summary>Publishes each version an update recorded: proposed, then rejected or (when confirmed) accepted.</summary>
    /// <param name="iteration">The iteration.</param>
    /// <param name="versions">The versions, in order.</param>
    public void VersionsRecorded(int iteration, IReadOnlyList<AdoptedVersion> versions)
    {
        foreach (var (version, reason) in versions)
        {
            PromptProposed(iteration, version.Clone());
            if (version.Status == PromptVersionStatus.Rejected)
            {
                PromptRejected(iteration, version.Clone(), reason ?? "not confirmed");
            }
            else if (version.Status == PromptVersionStatus.Accepted)
            {
                PromptAccepted(iteration, version.Clone(), reason);
            }
        }
    }

    public void IterationCompleted(int iteration, IterationRecord record, UsageTotals runUsage) =>
        _sink.Publish(new IterationCompletedEvent { RunId = RunId, Iteration = iteration, Timestamp = Now, Record = record, RunUsage = runUsage });

    public void BudgetReached(int iteration, string reason) =>
        _sink.Publish(new BudgetReachedEvent { RunId = RunId, Iteration = iteration, Timestamp = Now, Reason = reason });

    public void RunCompleted(int iteration, RunResult result) =>
        _sink.Publish(new RunCompletedEvent { RunId = RunId, Iteration = iteration, Timestamp = Now, Result = result });

    private DateTimeOffset Now => _timeProvider.GetUtcNow();
}
