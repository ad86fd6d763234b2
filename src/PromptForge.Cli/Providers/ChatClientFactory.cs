using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using PromptForge.Cli.Estimation;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Providers.Batch;
using PromptForge.Cli.Providers.Juries;
using PromptForge.Simulation;
using PromptForge.Sipdo;
using PromptForge.SynSmith;

namespace PromptForge.Cli.Providers;

/// <summary>Creates the chat client of a command from its <see cref="ProviderSettings"/> and wires it into a loop builder.</summary>
internal static class ChatClientFactory
{
    /// <summary>How long the endpoint check waits for an answer.</summary>
    public static readonly TimeSpan EndpointCheckTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Creates the client every role uses: one client per provider connection (each with its own retries, rate limits and
    /// cache), routed by role kind when roles have their own provider; per-role models are applied as role defaults (see <see cref="Configure"/>).
    /// </summary>
    /// <param name="settings">The resolved provider settings.</param>
    /// <param name="seed">The run's seed; the simulator's answers are a function of it.</param>
    /// <param name="networkTimeout">How long one HTTP attempt may take.</param>
    /// <param name="timeProvider">The clock of the middleware (retry delays, rate windows, cache expiry).</param>
    /// <param name="secrets">Known API keys to remove from every provider reply before anything (the response cache included) sees it.</param>
    /// <param name="sipdoTask">The SIPDO task of the command, if any: the simulator then answers SIPDO's roles in a world derived from it.</param>
    public static IChatClient Create(ProviderSettings settings, int seed, TimeSpan networkTimeout, TimeProvider timeProvider, SecretScrubber? secrets = null, TaskDefinition? sipdoTask = null)
    {
        (IChatClient defaultClient, IReadOnlyDictionary<ModelRoleKind, IChatClient> roleClients) = CreatePerRole(settings, seed, networkTimeout, timeProvider, secrets, sipdoTask);
        return roleClients.Count == 0 ? defaultClient : new RoleRoutingChatClient(defaultClient, roleClients);
    }

    /// <summary>The client of roles without their own provider, and one client per role kind with its own (see <see cref="Create"/>).</summary>
    internal static (IChatClient Default, IReadOnlyDictionary<ModelRoleKind, IChatClient> Roles) CreatePerRole(
        ProviderSettings settings, int seed, TimeSpan networkTimeout, TimeProvider timeProvider, SecretScrubber? secrets = null, TaskDefinition? sipdoTask = null)
    {
        if (settings.IsSimulator)
        {
            return (CreateSimulator(seed, sipdoTask), new Dictionary<ModelRoleKind, IChatClient>());
        }

        BatchJournal? journal = settings.Batch is { } batch ? BatchJournal.Open(batch.JournalDirectory) : null;
        var clients = settings.Connections.ToDictionary(c => c, c =>
        {
            IChatClient realtime = AddMiddleware(Redact(ProviderClients.Create(c, networkTimeout), secrets), c, settings, networkTimeout, timeProvider);
            return settings.Batch is { } batchSettings && c.Provider == ProviderNames.OpenAI
                ? new BatchRoutingChatClient(realtime, AddBatchMiddleware(c, batchSettings, journal!, settings, networkTimeout, timeProvider, secrets), batchSettings.Roles)
                : realtime;
        });
        IChatClient defaultClient = clients[settings.Connection!];
        var roleClients = settings.RoleConnections.ToDictionary(r => r.Key, r => clients[r.Value]);
        if (settings.JurorConnections.Count == 0)
        {
            return (defaultClient, roleClients);
        }

        // Jurors on another vendor: one client per service (with its own retries, limits and cache), reached by model id
        // from whichever role client a critic's call goes through.
        var services = settings.JurorConnections.Values.Distinct().ToDictionary(c => c, c => clients.TryGetValue(c, out IChatClient? known)
            ? known
            : AddMiddleware(Redact(ProviderClients.Create(c, networkTimeout), secrets), c, settings, networkTimeout, timeProvider));
        var jurors = settings.JurorConnections.ToDictionary(j => j.Key, j => (services[j.Value], j.Value.Model), StringComparer.Ordinal);
        return (new JurorRoutingChatClient(defaultClient, jurors), roleClients.ToDictionary(r => r.Key, r => (IChatClient)new JurorRoutingChatClient(r.Value, jurors)));
    }

    /// <summary>PromptForge's middleware around one provider's client. Outermost first: the cache (hits cost nothing and take
    /// no permit), the retries, then the rate limiter inside them (tokens counted with the model family's tokenizer), so that
    /// every attempt, a retry after a 429 included, takes a permit. The attempt timeout then includes the wait for a permit:
    /// one window (a minute) more, so that a call queued behind a full window is not timed out and re-queued.</summary>
    private static IChatClient AddMiddleware(IChatClient client, ProviderConnection connection, ProviderSettings settings, TimeSpan networkTimeout, TimeProvider timeProvider)
    {
        bool rateLimited = settings.RequestsPerMinute is not null || settings.TokensPerMinute is not null;
        var pipeline = client.AsBuilder();
        if (settings.CacheDirectory is { } cacheDirectory)
        {
            pipeline.UseResponseCache(new FileDistributedCache(cacheDirectory, timeProvider), o => { o.CacheDirectory = cacheDirectory; o.KeyScope = $"{connection.Provider}:{connection.DisplayEndpoint}"; });
        }

        // Retries use the core's classification (ModelFailureClassifier / ModelServiceException.IsTransient): 429, 5xx,
        // timeouts, connection errors, an open circuit (after its break) and unusable or empty reply bodies are retried.
        // Six retries rather than the core's four: with concurrent calls, an open circuit lets one trial call through
        // after its break and rejects the others again, and each rejection spends a retry.
        pipeline.UseResilience(o => { o.AttemptTimeout = networkTimeout + TimeSpan.FromSeconds(5) + (rateLimited ? TimeSpan.FromMinutes(1) : TimeSpan.Zero); o.MaxRetryAttempts = 6; });
        if (rateLimited)
        {
            pipeline.UseRateLimiting(o => { o.RequestsPerMinute = settings.RequestsPerMinute; o.TokensPerMinute = settings.TokensPerMinute; o.TokenCounter = ModelFamilyTokenCounter.Default; });
        }

        client = pipeline.Build(new ServiceCollection().AddSingleton(timeProvider).BuildServiceProvider());
        return client;
    }

    /// <summary>The Batch API client of one OpenAI connection: the response cache (a batched reply is cached like any other,
    /// so a resumed run pays for it once), then retries whose attempt may last a day (a batch's completion window; a
    /// retried wait finds its batch in the journal and keeps waiting), no rate limiter (the Batch API has its own queue).</summary>
    private static IChatClient AddBatchMiddleware(
        ProviderConnection connection, OpenAIBatchSettings batch, BatchJournal journal, ProviderSettings settings, TimeSpan networkTimeout, TimeProvider timeProvider, SecretScrubber? secrets)
    {
        var queue = new OpenAIBatchQueue(ProviderClients.CreateBatchEndpoint(connection, networkTimeout), journal, batch, timeProvider);
        var pipeline = Redact(ProviderClients.CreateBatched(connection, queue), secrets).AsBuilder();
        if (settings.CacheDirectory is { } cacheDirectory)
        {
            pipeline.UseResponseCache(new FileDistributedCache(cacheDirectory, timeProvider), o => { o.CacheDirectory = cacheDirectory; o.KeyScope = $"{connection.Provider}:{connection.DisplayEndpoint}"; });
        }

        pipeline.UseResilience(o => { o.AttemptTimeout = TimeSpan.FromDays(1); o.MaxRetryAttempts = 6; o.EnableCircuitBreaker = false; });
        return new QueueOwningChatClient(pipeline.Build(new ServiceCollection().AddSingleton(timeProvider).BuildServiceProvider()), queue);
    }

    // Innermost, so that the cache stores replies without a key a model echoed.
    private static IChatClient Redact(IChatClient client, SecretScrubber? secrets) =>
        secrets is null || secrets.IsEmpty ? client : new SecretRedactingChatClient(client, secrets);

    /// <summary>The offline simulator with the role behaviors of both methods; its answers are a function of <paramref name="seed"/>.
    /// Given the SIPDO task, SIPDO's roles are simulated in a world derived from that task (any task); without it, in the
    /// causal-judgement illustration world.</summary>
    public static IChatClient CreateSimulator(int seed, TaskDefinition? sipdoTask = null) =>
        new SimulatedChatClient(new SimulatedChatClientOptions
        {
            Seed = seed,
            Behaviors = { sipdoTask is null ? SipdoSimulation.Behavior : SipdoSimulation.CreateBehavior(sipdoTask), SynSmithSimulation.Behavior },
        });

    /// <summary>Fails fast, before anything is written, when a configured endpoint is unreachable or rejects the key
    /// (instead of a run whose calls all fail after retries). Checks every provider the roles use; nothing for the simulator.</summary>
    /// <param name="settings">The resolved provider settings.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <exception cref="ModelServiceException">An endpoint cannot be reached or rejects the key.</exception>
    public static async Task CheckEndpointAsync(ProviderSettings settings, CancellationToken cancellationToken)
    {
        foreach (ProviderConnection connection in settings.Connections)
        {
            await ProviderClients.CheckEndpointAsync(connection, EndpointCheckTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives <paramref name="builder"/> the client and the per-role models.</summary>
    public static PromptLoopBuilder Configure(PromptLoopBuilder builder, ProviderSettings settings, IChatClient client)
    {
        builder.WithChatClient(client);
        foreach ((ModelRoleKind kind, string model) in settings.RoleModels)
        {
            builder.ConfigureRole(kind.ToString().ToLowerInvariant(), s => s.ModelId = model);
        }

        return builder;
    }
}
