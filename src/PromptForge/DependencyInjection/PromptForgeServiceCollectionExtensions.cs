using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PromptForge;

/// <summary>Registers PromptForge in a service collection.</summary>
public static class PromptForgeServiceCollectionExtensions
{
    /// <summary>
    /// Adds PromptForge: <see cref="PromptForgeOptions"/> bound from the <c>PromptForge</c> section of
    /// <paramref name="configuration"/> (when given) and validated on start with every problem reported, and an
    /// <see cref="IPromptLoopFactory"/>. Role clients are resolved as keyed services (see <see cref="PromptForgeServiceKeys"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application configuration; <see langword="null"/> to bind nothing.</param>
    /// <param name="configure">Adjusts the options after binding; may be <see langword="null"/>.</param>
    /// <returns>A builder to add loops to (for example <c>.AddSipdo(...)</c>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IPromptForgeBuilder AddPromptForge(
        this IServiceCollection services,
        IConfiguration? configuration = null,
        Action<PromptForgeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<PromptForgeOptions>();
        if (configuration is not null)
        {
            optionsBuilder.Bind(configuration.GetSection(PromptForgeOptions.SectionName));
        }

        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PromptForgeOptions>, PromptForgeOptionsValidator>());
        services.TryAddSingleton<IPromptLoopFactory, PromptLoopFactory>();
        return new PromptForgeBuilder(services);
    }

    /// <summary>Adds PromptForge configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to add loops to.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IPromptForgeBuilder AddPromptForge(this IServiceCollection services, Action<PromptForgeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddPromptForge(configuration: null, configure);
    }
}
