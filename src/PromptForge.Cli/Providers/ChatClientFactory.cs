using System.ClientModel;
using Microsoft.Extensions.AI;
using PromptForge.Testing;

namespace PromptForge.Cli.Providers;

/// <summary>Creates the chat client of a command from its <see cref="ProviderSettings"/> and wires it into a loop builder.</summary>
internal static class ChatClientFactory
{
    /// <summary>How long the endpoint check waits for an answer.</summary>
    public static readonly TimeSpan EndpointCheckTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Creates the client every role uses; per-role models are applied as role defaults (see <see cref="Configure"/>).</summary>
    /// <param name="settings">The resolved provider settings.</param>
    /// <param name="seed">The run's seed; the simulator's answers are a function of it.</param>
    /// <param name="networkTimeout">How long one HTTP attempt may take.</param>
    /// <param name="timeProvider">The clock of the middleware (retry delays, rate windows, cache expiry).</param>
    public static IChatClient Create(ProviderSettings settings, int seed, TimeSpan networkTimeout, TimeProvider timeProvider)
    {
        if (settings.IsSimulator)
        {
            return new SimulatedChatClient(new SimulatedChatClientOptions { Seed = seed });
        }

        IChatClient client = new OpenAICompatibleChatClient(new OpenAICompatibleChatClientOptions
        {
            Endpoint = settings.Endpoint,
            Credential = new ApiKeyCredential(settings.ApiKey!),
            DefaultModelId = settings.Model!,
            NetworkTimeout = networkTimeout,
        });

        // Innermost first: retries around the HTTP call, then rate limiting, then the cache outermost so hits cost nothing.
        // Retries use the core's classification (ModelFailureClassifier / ModelServiceException.IsTransient): 429, 5xx,
        // timeouts, connection errors, an open circuit (after its break) and unusable reply bodies are retried.
        // Six retries rather than the core's four: with concurrent calls, an open circuit lets one trial call through
        // after its break and rejects the others again, and each rejection spends a retry.
        client = client.WithResilience(new ChatResilienceOptions { AttemptTimeout = networkTimeout + TimeSpan.FromSeconds(5), MaxRetryAttempts = 6 }, timeProvider);
        if (settings.RequestsPerMinute is not null || settings.TokensPerMinute is not null)
        {
            client = client.WithRateLimiting(new ChatRateLimitOptions { RequestsPerMinute = settings.RequestsPerMinute, TokensPerMinute = settings.TokensPerMinute }, timeProvider);
        }

        if (settings.CacheDirectory is { } cacheDirectory)
        {
            client = client.WithResponseCache(new FileDistributedCache(cacheDirectory, timeProvider), new ChatResponseCacheOptions { CacheDirectory = cacheDirectory, KeyScope = settings.Endpoint?.GetLeftPart(UriPartial.Path) ?? "https://api.openai.com/v1" }, timeProvider);
        }

        return client;
    }

    /// <summary>Fails fast, before anything is written, when the configured endpoint is unreachable or rejects the key
    /// (instead of a run whose calls all fail after retries). Does nothing for the simulator.</summary>
    /// <param name="settings">The resolved provider settings.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <exception cref="ModelServiceException">The endpoint cannot be reached or rejects the key.</exception>
    public static async Task CheckEndpointAsync(ProviderSettings settings, CancellationToken cancellationToken)
    {
        if (settings.IsSimulator)
        {
            return;
        }

        using var probe = new OpenAICompatibleChatClient(new OpenAICompatibleChatClientOptions
        {
            Endpoint = settings.Endpoint,
            Credential = new ApiKeyCredential(settings.ApiKey!),
            DefaultModelId = settings.Model!,
            NetworkTimeout = EndpointCheckTimeout,
        });
        await probe.CheckEndpointAsync(cancellationToken).ConfigureAwait(false);
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
