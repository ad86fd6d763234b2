using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace PromptForge;

/// <summary>What every loop component receives when the loop calls it.</summary>
public abstract class LoopStepContext
{
    /// <summary>Initializes a new instance of the <see cref="LoopStepContext"/> class.</summary>
    protected LoopStepContext()
    {
    }

    // The loop builds an iteration's shared services once and each context from them.
    [SetsRequiredMembers]
    private protected LoopStepContext(IterationServices services, string component)
    {
        State = services.State;
        Iteration = services.Iteration;
        Phase = services.Phase;
        Models = services.Models;
        Embeddings = services.Embeddings;
        Random = services.RandomFor(component);
        TimeProvider = services.TimeProvider;
        LoggerFactory = services.LoggerFactory;
        Events = services.Events;
    }

    /// <summary>Gets the loop state (prompts, history, every sample kept so far, component state), read-only: components return changes in their results.</summary>
    public required LoopState State { get; init; }

    /// <summary>Gets the current iteration (1-based).</summary>
    public required int Iteration { get; init; }

    /// <summary>Gets what the iteration is for (the curriculum step's <see cref="DifficultyStep.Phase"/>).</summary>
    /// <value>The default is <see cref="IterationPhase.Exploration"/> (also when no curriculum is configured).</value>
    public IterationPhase Phase { get; init; }

    /// <summary>Gets the model-call path; every model call goes through it.</summary>
    public required IModelGateway Models { get; init; }

    /// <summary>Gets the embedding generator (the offline hashed n-gram default unless the user configured one).</summary>
    public required IEmbeddingGenerator<string, Embedding<float>> Embeddings { get; init; }

    /// <summary>Gets a random source seeded from the run seed, the iteration and the component, so runs reproduce.</summary>
    public required Random Random { get; init; }

    /// <summary>Gets the time provider.</summary>
    public required TimeProvider TimeProvider { get; init; }

    /// <summary>Gets the logger factory.</summary>
    public required ILoggerFactory LoggerFactory { get; init; }

    /// <summary>Gets the sink for progress events a component wants to report while it works.</summary>
    public required ILoopEventSink Events { get; init; }

    /// <summary>Publishes a progress message for progress UIs (for example "verifying sample 3 of 16").</summary>
    /// <param name="stage">The stage, such as <c>generate</c>, <c>critique</c> or <c>update</c>.</param>
    /// <param name="message">The message.</param>
    /// <exception cref="ArgumentException"><paramref name="stage"/> or <paramref name="message"/> is null or empty.</exception>
    public void ReportProgress(string stage, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        Events.Publish(new ProgressEvent
        {
            RunId = State.RunId,
            Iteration = Iteration,
            Timestamp = TimeProvider.GetUtcNow(),
            Stage = stage,
            Message = message,
        });
    }
}
