namespace PromptForge.SynSmith.Tests.Fakes;

/// <summary>A generator whose samples are computed per iteration.</summary>
internal sealed class IterationGenerator(Func<int, IReadOnlyList<Sample>> samples) : IGenerator
{
    public Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GenerationResult { Samples = samples(context.Iteration) });
}
