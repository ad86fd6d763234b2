using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Providers;

/// <summary>
/// Registers the CLI's providers with dependency injection from a configuration section, for
/// <c>services.AddPromptForge(configuration)</c>: the unkeyed <see cref="IChatClient"/> and one keyed client per role kind
/// (<see cref="PromptForgeServiceKeys"/>), which the core's loop factory picks up. The vendor SDKs stay in this layer; the
/// core never references them.
/// </summary>
internal static class ProviderServiceCollectionExtensions
{
    /// <summary>The section read: <c>PromptForge:Providers</c>.</summary>
    public const string SectionName = "PromptForge:Providers";

    /// <summary>
    /// Adds the providers of <c>PromptForge:Providers</c>, the same choices as the command line's:
    /// <c>Provider</c>, <c>Endpoint</c>, <c>Model</c>, and per role kind <c>Roles:&lt;Generator|Task|Critic|Updater&gt;:Provider/Endpoint/Model</c>;
    /// <c>EmbeddingsModel</c> registers the provider's embedding model as the <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>.
    /// Keys come from each vendor's usual environment variable, never from the configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="getEnvironmentVariable">Reads the key and endpoint variables; <see langword="null"/> reads the process environment.</param>
    /// <param name="seed">The simulator's seed when the configuration names the simulator.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="CliInputException">A value is missing or wrong; the message names its configuration path.</exception>
    public static IServiceCollection AddPromptForgeProviders(
        this IServiceCollection services, IConfiguration configuration, Func<string, string?>? getEnvironmentVariable = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection(SectionName);
        var roleModels = new Dictionary<ModelRoleKind, string?>();
        var roleProviders = new Dictionary<ModelRoleKind, RoleProviderRequest>();
        foreach (ModelRoleKind kind in Enum.GetValues<ModelRoleKind>())
        {
            IConfigurationSection role = section.GetSection("Roles").GetSection(kind.ToString());
            roleModels[kind] = role["Model"];
            roleProviders[kind] = new RoleProviderRequest(Provider(role, $"{SectionName}:Roles:{kind}:Provider"), role["Endpoint"]);
        }

        ProviderSettings settings;
        try
        {
            settings = ProviderSettings.Resolve(
                Provider(section, $"{SectionName}:Provider"), section["Endpoint"], section["Model"], roleModels, getEnvironmentVariable ?? Environment.GetEnvironmentVariable, roleProviders);
        }
        catch (CliInputException ex) when (ex.File is null)
        {
            throw new CliInputException(ex.Message, field: ex.Field is { } option ? ConfigurationPath(option) : SectionName, innerException: ex);
        }

        if (section["EmbeddingsModel"] is { Length: > 0 } embeddingsModel)
        {
            // The provider's embedding model for every embedding-based metric (the core's loop factory picks it up).
            if (settings.Connection is not { Provider: not ProviderNames.Anthropic } connection)
            {
                throw new CliInputException(
                    $"{(settings.IsSimulator ? "the simulator has no embedding model" : "Anthropic has no embeddings API")}; remove EmbeddingsModel to use the default embeddings.",
                    field: $"{SectionName}:EmbeddingsModel");
            }

            services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(
                _ => ProviderClients.CreateEmbeddingGenerator(connection, embeddingsModel, TimeSpan.FromSeconds(120)).WithEmbeddingCache());
        }

        services.AddSingleton(settings);
        services.AddSingleton(sp => new ProviderClientSet(settings, seed, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IChatClient>(sp => sp.GetRequiredService<ProviderClientSet>().Default);
        foreach (ModelRoleKind kind in Enum.GetValues<ModelRoleKind>())
        {
            if (settings.RoleConnections.ContainsKey(kind) || settings.RoleModels.ContainsKey(kind))
            {
                services.AddKeyedSingleton<IChatClient>(PromptForgeServiceKeys.ForRole(kind), (sp, _) => sp.GetRequiredService<ProviderClientSet>().For(kind));
            }
        }

        return services;
    }

    private static string? Provider(IConfigurationSection section, string path) => section["Provider"] is { } value
        ? ProviderNames.All.Contains(value.Trim().ToLowerInvariant())
            ? value.Trim().ToLowerInvariant()
            : throw new CliInputException($"unknown provider '{value}'; use one of {string.Join(", ", ProviderNames.All)}.", field: path)
        : null;

    /// <summary>The configuration key a command-line option's problem points at (--critic-model is Roles:Critic:Model).</summary>
    private static string ConfigurationPath(string option)
    {
        if (!option.StartsWith("--", StringComparison.Ordinal))
        {
            return option; // an environment variable
        }

        string[] parts = option[2..].Split('-');
        string key = char.ToUpperInvariant(parts[^1][0]) + parts[^1][1..];
        return parts.Length == 1 ? $"{SectionName}:{key}" : $"{SectionName}:Roles:{char.ToUpperInvariant(parts[0][0]) + parts[0][1..]}:{key}";
    }

    /// <summary>The clients of one configuration, created on first use and disposed with the container.</summary>
    private sealed class ProviderClientSet(ProviderSettings settings, int seed, TimeProvider timeProvider) : IDisposable
    {
        private readonly Lazy<(IChatClient Default, IReadOnlyDictionary<ModelRoleKind, IChatClient> Roles)> _clients =
            new(() => ChatClientFactory.CreatePerRole(settings, seed, TimeSpan.FromSeconds(120), timeProvider));

        public IChatClient Default => _clients.Value.Default;

        /// <summary>The role kind's client; a role model alone is the default client with that model as the calls' default.</summary>
        public IChatClient For(ModelRoleKind kind)
        {
            IChatClient client = _clients.Value.Roles.GetValueOrDefault(kind) ?? Default;
            return settings.RoleModels.TryGetValue(kind, out string? model)
                ? client.AsBuilder().ConfigureOptions(o => o.ModelId ??= model).Build()
                : client;
        }

        public void Dispose()
        {
            if (_clients.IsValueCreated)
            {
                _clients.Value.Default.Dispose();
                foreach (IChatClient client in _clients.Value.Roles.Values.Distinct())
                {
                    client.Dispose();
                }
            }
        }
    }
}
