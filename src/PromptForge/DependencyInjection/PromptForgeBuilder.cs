using Microsoft.Extensions.DependencyInjection;

namespace PromptForge;

internal sealed class PromptForgeBuilder(IServiceCollection services) : IPromptForgeBuilder
{
    public IServiceCollection Services { get; } = services;

    public IPromptForgeBuilder ConfigureLoop(string loopName, Action<PromptLoopBuilder, IServiceProvider> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(loopName);
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddSingleton(new PromptLoopConfiguration(loopName, configure));
        return this;
    }
}
