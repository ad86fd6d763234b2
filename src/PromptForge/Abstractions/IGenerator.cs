namespace PromptForge;

/// <summary>Writes the samples of an iteration.</summary>
public interface IGenerator
{
    /// <summary>Writes this iteration's samples.</summary>
    /// <param name="context">The iteration context.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The samples kept and rejected.</returns>
    Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default);
}
