using System.Text.Json.Serialization;

namespace PromptForge;

/// <summary>
/// A typed progress event of a running loop, streamed by <see cref="PromptLoop.RunStreamingAsync"/> for progress
/// UIs and web hosts. Serializes with a <c>type</c> discriminator.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunStartedEvent), "run_started")]
[JsonDerivedType(typeof(IterationStartedEvent), "iteration_started")]
[JsonDerivedType(typeof(SamplesGeneratedEvent), "samples_generated")]
[JsonDerivedType(typeof(CritiqueCompletedEvent), "critique_completed")]
[JsonDerivedType(typeof(PromptProposedEvent), "prompt_proposed")]
[JsonDerivedType(typeof(PromptAcceptedEvent), "prompt_accepted")]
[JsonDerivedType(typeof(PromptRejectedEvent), "prompt_rejected")]
[JsonDerivedType(typeof(IterationCompletedEvent), "iteration_completed")]
[JsonDerivedType(typeof(BudgetReachedEvent), "budget_reached")]
[JsonDerivedType(typeof(RunCompletedEvent), "run_completed")]
[JsonDerivedType(typeof(ProgressEvent), "progress")]
public abstract class LoopEvent
{
    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the iteration the event belongs to (0 outside iterations).</summary>
    public required int Iteration { get; init; }

    /// <summary>Gets when the event happened.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
