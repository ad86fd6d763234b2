using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PromptForge;

internal sealed class PromptLoopFactory(
    IServiceProvider services,
    IOptions<PromptForgeOptions> options,
    IEnumerable<PromptLoopConfiguration> configurations) : IPromptLoopFactory
{
    private readonly PromptLoopConfiguration[] _configurations = configurations.ToArray();

    // Runs are saved under PromptForge:RunsDirectory unless the application registers its own IRunStore.
    private readonly Lazy<IRunStore> _defaultStore = new(() => new FileSystemRunStore(new FileSystemRunStoreOptions
    {
        RootDirectory = options.Value.RunsDirectory,
        TimeProvider = services.GetService<TimeProvider>(),
    }));

    public IReadOnlyCollection<string> LoopNames =>
        _configurations.Select(c => c.LoopName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    public PromptLoopBuilder CreateBuilder(string loopName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(loopName);
        var steps = _configurations.Where(c => c.LoopName == loopName).ToList();
        if (steps.Count == 0)
        {
            throw new KeyNotFoundException(
                $"No prompt loop named '{loopName}' is configured. Configured loops: {(LoopNames.Count == 0 ? "none" : string.Join(", ", LoopNames))}.");
        }

        var builder = PromptLoop.Create()
            .WithOptions(options.Value.Loop)
            .WithServices(services)
            .WithTimeProvider(services.GetService<TimeProvider>() ?? TimeProvider.System);
        if (services.GetService<ILoggerFactory>() is { } loggerFactory)
        {
            builder.WithLoggerFactory(loggerFactory);
        }

        if (services.GetService<IChatClient>() is { } defaultClient)
        {
            builder.WithChatClient(defaultClient);
        }

        foreach (var kind in Enum.GetValues<ModelRoleKind>())
        {
            if (services.GetKeyedService<IChatClient>(PromptForgeServiceKeys.ForRole(kind)) is { } roleClient)
            {
                builder.WithRoleClient(kind, roleClient);
            }
        }

        if (services.GetService<IEmbeddingGenerator<string, Embedding<float>>>() is { } embeddings)
        {
            builder.WithEmbeddingGenerator(embeddings);
        }

        builder.WithRunStore(services.GetService<IRunStore>() ?? _defaultStore.Value);

        foreach (var step in steps)
        {
            step.Configure(builder, services);
        }

        return builder;
    }

    public PromptLoop Create(string loopName) => CreateBuilder(loopName).Build();
}
