using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace PromptForge;

/// <summary>
/// What every component context of one iteration shares, built once per iteration; each context copies it and adds
/// its own random source (seeded from the run seed, the iteration and the component) and its own inputs.
/// </summary>
internal sealed class IterationServices
{
    public required LoopState State { get; init; }

    public required int Iteration { get; init; }

    public required IModelGateway Models { get; init; }

    public required IEmbeddingGenerator<string, Embedding<float>> Embeddings { get; init; }

    public required TimeProvider TimeProvider { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    public required ILoopEventSink Events { get; init; }

    public required int Seed { get; init; }

    /// <summary>What the iteration is for (the curriculum step's phase).</summary>
    public IterationPhase Phase { get; init; }

    /// <summary>A random source for <paramref name="component"/> in this iteration; the same seed, iteration and component give the same sequence.</summary>
    /// <param name="component">The component, for example <c>generator</c> or <c>critic:verifier</c>.</param>
    /// <returns>The random source.</returns>
    public Random RandomFor(string component) => new(StableHash.Combine(Seed, Iteration, component));
}
