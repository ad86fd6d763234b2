namespace PromptForge;

/// <summary>Rewrites the prompt being optimized from an iteration's critiques.</summary>
public interface IPromptUpdater
{
    /// <summary>Decides whether and how to rewrite the prompt.</summary>
    /// <param name="context">The iteration context.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The update.</returns>
    Task<PromptUpdate> UpdateAsync(PromptUpdateContext context, CancellationToken cancellationToken = default);
}
