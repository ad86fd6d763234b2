using Microsoft.Extensions.DependencyInjection;

namespace PromptForge;

/// <summary>Returned by <c>AddPromptForge</c>; packages add their loops to it (for example <c>AddSipdo</c>, <c>AddSynSmith</c>).</summary>
public interface IPromptForgeBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }

    /// <summary>Adds a configuration step to the loops created under <paramref name="loopName"/>.</summary>
    /// <param name="loopName">The loop name, for example <c>sipdo</c>.</param>
    /// <param name="configure">Configures the builder; it receives the application's service provider.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="loopName"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    IPromptForgeBuilder ConfigureLoop(string loopName, Action<PromptLoopBuilder, IServiceProvider> configure);
}
