namespace PromptForge;

/// <summary>
/// Judges an iteration's samples (or the prompt that they probe) and reports metrics, per-sample verdicts and
/// named complaints. A critic that cannot measure something reports it as not measured, never as a neutral number.
/// Subclass <see cref="CriticBase"/> to write your own.
/// </summary>
public interface ICritic
{
    /// <summary>Gets the critic's name, unique within a loop (snake_case, used in file names).</summary>
    string Name { get; }

    /// <summary>Gets the stage the critic runs in: critics of one stage run concurrently, later stages see earlier critiques.</summary>
    /// <value>0 by default.</value>
    int Stage => 0;

    /// <summary>Judges the iteration.</summary>
    /// <param name="context">The iteration context.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The critique.</returns>
    Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default);
}
