namespace PromptForge;

/// <summary>Creates prompt loops from the application's services and configuration.</summary>
public interface IPromptLoopFactory
{
    /// <summary>Gets the names of the loops configured with <see cref="IPromptForgeBuilder.ConfigureLoop"/>.</summary>
    IReadOnlyCollection<string> LoopNames { get; }

    /// <summary>
    /// Creates a builder with the configured options, role clients (keyed services, falling back to the unkeyed
    /// <c>IChatClient</c>), run store, embedding generator, time provider and logging, and the named loop's steps applied.
    /// Add to it before building.
    /// </summary>
    /// <param name="loopName">The loop name.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="loopName"/> is null or empty.</exception>
    /// <exception cref="KeyNotFoundException">No loop of that name is configured.</exception>
    PromptLoopBuilder CreateBuilder(string loopName);

    /// <summary>Creates and builds the named loop.</summary>
    /// <param name="loopName">The loop name.</param>
    /// <returns>The loop.</returns>
    /// <exception cref="ArgumentException"><paramref name="loopName"/> is null or empty.</exception>
    /// <exception cref="KeyNotFoundException">No loop of that name is configured.</exception>
    /// <exception cref="PromptLoopValidationException">The loop's configuration has problems.</exception>
    PromptLoop Create(string loopName);
}
