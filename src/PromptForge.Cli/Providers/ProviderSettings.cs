using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Providers;

/// <summary>A role kind's own provider on the command line: <c>--critic-provider</c>, <c>--critic-endpoint</c>.</summary>
/// <param name="Provider">The provider (<see cref="ProviderNames"/>); <see langword="null"/> keeps the command's provider.</param>
/// <param name="Endpoint">The endpoint; <see langword="null"/> keeps the command's (same provider) or the provider's default.</param>
internal sealed record RoleProviderRequest(string? Provider, string? Endpoint);

/// <summary>
/// Which model providers a command uses, resolved from <c>--provider</c>, <c>--endpoint</c>, <c>--model</c>, the per-role
/// provider, endpoint and model options, and each vendor's usual key variable (<c>OPENAI_API_KEY</c>,
/// <c>AZURE_OPENAI_API_KEY</c>, <c>ANTHROPIC_API_KEY</c>; none for Ollama). With no provider and no endpoint the offline
/// simulator is used.
/// </summary>
internal sealed record ProviderSettings
{
    /// <summary>The key variable of the OpenAI provider (kept for callers that only know that one).</summary>
    public const string ApiKeyVariable = ProviderDefaults.OpenAIKeyVariable;

    /// <summary>The key sent to local servers that ignore it, when no key is set.</summary>
    internal const string LocalServerPlaceholderKey = ProviderDefaults.LocalServerPlaceholderKey;

    private ProviderSettings(
        string provider, ProviderConnection? connection, string? model, IReadOnlyDictionary<ModelRoleKind, string> roleModels,
        IReadOnlyDictionary<ModelRoleKind, ProviderConnection> roleConnections)
    {
        Provider = provider;
        Connection = connection;
        Model = model;
        RoleModels = roleModels;
        RoleConnections = roleConnections;
    }

    /// <summary>Gets the provider of every role without its own (<see cref="ProviderNames"/>).</summary>
    public string Provider { get; }

    public bool IsSimulator => Provider == ProviderNames.Simulator;

    /// <summary>Gets the connection of roles without their own provider; <see langword="null"/> for the simulator.</summary>
    public ProviderConnection? Connection { get; }

    /// <summary>Gets the roles whose provider or endpoint differs from <see cref="Connection"/>.</summary>
    public IReadOnlyDictionary<ModelRoleKind, ProviderConnection> RoleConnections { get; }

    public Uri? Endpoint => Connection?.Endpoint;

    public string? Model { get; }

    public IReadOnlyDictionary<ModelRoleKind, string> RoleModels { get; }

    /// <summary>Gets <c>--model</c> as given on the command line: unlike <see cref="Model"/>, which may come from a config
    /// file, it overrides the models a package's config file gives its roles (see <see cref="ModelOverrides"/>).</summary>
    public string? CommandLineModel { get; init; }

    /// <summary>Gets the response-cache folder, or <see langword="null"/> when caching is off (<c>--no-cache</c>).</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Gets how the batched roles go through OpenAI's Batch API (<c>synthesize --batch</c>), or <see langword="null"/> for real-time calls only.</summary>
    public Batch.OpenAIBatchSettings? Batch { get; init; }

    /// <summary>Gets the connections of judge-jury members on another vendor, by the model id their calls carry
    /// (<c>provider:model[@endpoint]</c>; see <see cref="Juries.JurySpec"/>).</summary>
    public IReadOnlyDictionary<string, ProviderConnection> JurorConnections { get; init; } = new Dictionary<string, ProviderConnection>();

    /// <summary>Gets the request rate limit per minute, if any.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Gets the token rate limit per minute, if any.</summary>
    public int? TokensPerMinute { get; init; }

    /// <summary>Gets the API key of <see cref="Connection"/>. Never printed, logged or written to a run folder (see <see cref="ToRunConfiguration"/>).</summary>
    internal string? ApiKey => Connection?.ApiKey;

    /// <summary>Gets every distinct connection: the command's first, then the roles' own.</summary>
    public IReadOnlyList<ProviderConnection> Connections =>
        (Connection is null ? RoleConnections.Values : RoleConnections.Values.Prepend(Connection)).Distinct().ToList();

    /// <summary>Resolves the settings; contradictory or missing options are a <see cref="CliInputException"/> (exit code 2).</summary>
    /// <param name="provider">--provider.</param>
    /// <param name="endpoint">--endpoint.</param>
    /// <param name="model">--model.</param>
    /// <param name="roleModels">--generator-model, --task-model, --critic-model, --updater-model.</param>
    /// <param name="getEnvironmentVariable">Reads the key and endpoint variables.</param>
    /// <param name="roleProviders">--&lt;role&gt;-provider and --&lt;role&gt;-endpoint.</param>
    /// <param name="fileRoleModels">Models a config file gives role kinds with their own provider (used when the command line gives none).</param>
    public static ProviderSettings Resolve(
        string? provider,
        string? endpoint,
        string? model,
        IReadOnlyDictionary<ModelRoleKind, string?> roleModels,
        Func<string, string?> getEnvironmentVariable,
        IReadOnlyDictionary<ModelRoleKind, RoleProviderRequest>? roleProviders = null,
        IReadOnlyDictionary<ModelRoleKind, string>? fileRoleModels = null)
    {
        Uri? endpointUri = ParseEndpoint(endpoint, "--endpoint");
        string resolved = provider ?? (endpointUri is null ? ProviderNames.Simulator : ProviderNames.OpenAI);
        var models = roleModels.Where(r => !string.IsNullOrWhiteSpace(r.Value)).ToDictionary(r => r.Key, r => r.Value!);
        var requests = (roleProviders ?? new Dictionary<ModelRoleKind, RoleProviderRequest>())
            .Where(r => r.Value.Provider is not null || !string.IsNullOrWhiteSpace(r.Value.Endpoint))
            .ToDictionary(r => r.Key, r => r.Value);

        if (resolved == ProviderNames.Simulator)
        {
            if (endpointUri is not null)
            {
                throw new CliInputException("--endpoint needs a model provider (--provider openai|azure|ollama|anthropic); the simulator makes no network calls.", field: "--endpoint");
            }

            if (requests.FirstOrDefault(r => r.Value.Provider != ProviderNames.Simulator) is { Value: not null } mixed)
            {
                string option = RoleOption(mixed.Key, mixed.Value.Provider is null ? "endpoint" : "provider");
                throw new CliInputException(
                    $"{option} needs --provider for the other roles too: a run is either simulated or served by models, never part of each.", field: option);
            }

            return new ProviderSettings(resolved, null, model, models, new Dictionary<ModelRoleKind, ProviderConnection>());
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            throw new CliInputException($"--model is required with --provider {resolved} (for example --model {ExampleModel(resolved)}).", field: "--model");
        }

        ProviderConnection connection = Connect(resolved, endpointUri, model, "--endpoint", "--provider", getEnvironmentVariable);
        var roleConnections = new Dictionary<ModelRoleKind, ProviderConnection>();
        foreach ((ModelRoleKind kind, RoleProviderRequest request) in requests.OrderBy(r => r.Key))
        {
            string roleProvider = request.Provider ?? resolved;
            if (roleProvider == ProviderNames.Simulator)
            {
                string option = RoleOption(kind, "provider");
                throw new CliInputException($"{option} simulator cannot mix with --provider {resolved}: a run is either simulated or served by models.", field: option);
            }

            Uri? roleEndpoint = ParseEndpoint(request.Endpoint, RoleOption(kind, "endpoint"))
                ?? (roleProvider == resolved ? endpointUri : null);
            string? roleModel = models.GetValueOrDefault(kind) ?? fileRoleModels?.GetValueOrDefault(kind);
            if (roleModel is null)
            {
                if (roleProvider != resolved)
                {
                    // Model names are vendor-specific: the command's --model means nothing to another vendor.
                    string option = RoleOption(kind, "model");
                    throw new CliInputException(
                        $"{option} is required with {RoleOption(kind, "provider")} {roleProvider} (for example {option} {ExampleModel(roleProvider)}).", field: option);
                }

                roleModel = model;
            }

            ProviderConnection roleConnection = Connect(roleProvider, roleEndpoint, roleModel, RoleOption(kind, "endpoint"), RoleOption(kind, "provider"), getEnvironmentVariable);
            // A different model alone is a per-call model id on the same client (RoleModels); another service is another client.
            if (roleConnection.Provider != connection.Provider || roleConnection.Endpoint != connection.Endpoint)
            {
                roleConnections[kind] = roleConnection;
            }
        }

        return new ProviderSettings(resolved, connection, model, models, roleConnections);
    }

    /// <summary>Gets the model a role kind uses.</summary>
    public string? ModelFor(ModelRoleKind kind) => RoleModels.TryGetValue(kind, out string? model) ? model : Model;

    /// <summary>Gets the connection a role kind uses; <see langword="null"/> for the simulator.</summary>
    public ProviderConnection? ConnectionFor(ModelRoleKind kind) => RoleConnections.TryGetValue(kind, out ProviderConnection? own) ? own : Connection;

    /// <summary>The <c>cli</c> section of the run's config.json: providers, endpoints and models, never a key.</summary>
    public JsonObject ToRunConfiguration()
    {
        var roleModels = new JsonObject();
        foreach ((ModelRoleKind kind, string model) in RoleModels.OrderBy(r => r.Key))
        {
            roleModels[kind.ToString().ToLowerInvariant()] = model;
        }

        var section = new JsonObject { ["provider"] = Provider, ["model"] = IsSimulator ? ProviderNames.Simulator : Model };
        if (Connection is not null && (Connection.Endpoint is not null || Provider != ProviderNames.OpenAI))
        {
            section["endpoint"] = Connection.DisplayEndpoint;
        }

        if (roleModels.Count > 0)
        {
            section["role_models"] = roleModels;
        }

        if (RoleConnections.Count > 0)
        {
            var roleProviders = new JsonObject();
            foreach ((ModelRoleKind kind, ProviderConnection connection) in RoleConnections.OrderBy(r => r.Key))
            {
                roleProviders[kind.ToString().ToLowerInvariant()] = new JsonObject
                {
                    ["provider"] = connection.Provider,
                    ["endpoint"] = connection.DisplayEndpoint,
                    ["model"] = connection.Model,
                };
            }

            section["role_providers"] = roleProviders;
        }

        if (JurorConnections.Count > 0)
        {
            section["jurors"] = new JsonObject(JurorConnections.OrderBy(j => j.Key, StringComparer.Ordinal).Select(j =>
                KeyValuePair.Create(j.Key, (JsonNode?)new JsonObject { ["provider"] = j.Value.Provider, ["endpoint"] = j.Value.DisplayEndpoint, ["model"] = j.Value.Model })));
        }

        if (Batch is not null)
        {
            // Cost reports price these roles' calls at the Batch API's rate.
            section["batch"] = new JsonObject
            {
                ["api"] = "openai",
                ["roles"] = new JsonArray(Batch.Roles.Order(StringComparer.Ordinal).Select(r => (JsonNode?)r).ToArray()),
                ["price_factor"] = Batch.PriceFactor,
                ["completion_window"] = Batch.CompletionWindow,
            };
        }

        return section;
    }

    /// <summary>Describes the settings without the key (a record's generated ToString must never print it).</summary>
    public override string ToString() => Describe();

    /// <summary>One line for every output: which providers served the calls, and a plain warning for the simulator.</summary>
    public string Describe()
    {
        if (IsSimulator)
        {
            return "Provider: offline simulator (no endpoint configured). Results are SIMULATED, not produced by a language model.";
        }

        string roles = string.Join(", ", RoleModels.Keys.Union(RoleConnections.Keys).OrderBy(k => k).Select(kind =>
            RoleConnections.TryGetValue(kind, out ProviderConnection? own)
                ? $"{kind.ToString().ToLowerInvariant()}: {own.Provider} {own.DisplayEndpoint} {own.Model}"
                : $"{kind.ToString().ToLowerInvariant()}: {RoleModels[kind]}"));
        return $"Provider: {Label(Provider)} {Connection!.DisplayEndpoint}, model {Model}" + (roles.Length > 0 ? $" ({roles})" : string.Empty);
    }

    private static string Label(string provider) => provider switch
    {
        ProviderNames.OpenAI => "OpenAI-compatible endpoint",
        ProviderNames.Azure => "Azure OpenAI",
        ProviderNames.Ollama => "Ollama",
        ProviderNames.Anthropic => "Anthropic",
        _ => provider,
    };

    internal static ProviderConnection Connect(
        string provider, Uri? endpoint, string model, string endpointOption, string providerOption, Func<string, string?> getEnvironmentVariable)
    {
        if (provider == ProviderNames.Azure && endpoint is null)
        {
            endpoint = ParseEndpoint(getEnvironmentVariable(ProviderDefaults.AzureEndpointVariable), ProviderDefaults.AzureEndpointVariable)
                ?? throw new CliInputException(
                    $"Azure OpenAI needs its resource endpoint: {endpointOption} https://<resource>.openai.azure.com or {ProviderDefaults.AzureEndpointVariable}.",
                    field: endpointOption);
        }

        if (provider == ProviderNames.Ollama)
        {
            endpoint ??= ParseEndpoint(OllamaHost(getEnvironmentVariable(ProviderDefaults.OllamaHostVariable)), ProviderDefaults.OllamaHostVariable)
                ?? new Uri("http://localhost:11434");
            return new ProviderConnection(provider, endpoint, model, apiKey: null);
        }

        string keyVariable = ProviderDefaults.KeyVariable(provider)
            ?? throw new CliInputException($"unknown provider '{provider}'; use one of {string.Join(", ", ProviderNames.All)}.", field: providerOption);
        string? key = getEnvironmentVariable(keyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            if (endpoint is null || !endpoint.IsLoopback)
            {
                throw new CliInputException(
                    $"{keyVariable} is not set. The {provider} key is read only from that environment variable; local servers on localhost need none.",
                    field: keyVariable);
            }

            key = LocalServerPlaceholderKey;
        }

        return new ProviderConnection(provider, endpoint, model, key);
    }

    /// <summary>OLLAMA_HOST may be a bare host:port, as the ollama command accepts it.</summary>
    private static string? OllamaHost(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;

    internal static Uri? ParseEndpoint(string? endpoint, string field)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliInputException($"'{endpoint}' is not an http(s) URL, e.g. https://api.openai.com/v1 or http://localhost:11434.", field: field);
        }

        return uri;
    }

    private static string RoleOption(ModelRoleKind kind, string what) => $"--{kind.ToString().ToLowerInvariant()}-{what}";

    private static string ExampleModel(string provider) => provider switch
    {
        ProviderNames.Anthropic => "claude-sonnet-4-5",
        ProviderNames.Ollama => "llama3.2",
        ProviderNames.Azure => "<deployment-name>",
        _ => "gpt-4o-mini",
    };
}
