using PromptForge.Cli.Hosting;
using System.CommandLine;

namespace PromptForge.Cli.Providers;

/// <summary>
/// The provider options of every command that calls models: --provider, --endpoint, --model, and per role kind
/// (generator, task, critic, updater) its own --&lt;role&gt;-provider, --&lt;role&gt;-endpoint and --&lt;role&gt;-model.
/// </summary>
internal sealed class ProviderOptions
{
    private static readonly ModelRoleKind[] RoleKinds = [ModelRoleKind.Generator, ModelRoleKind.Task, ModelRoleKind.Critic, ModelRoleKind.Updater];

    private readonly Dictionary<ModelRoleKind, (Option<string?> Provider, Option<string?> Endpoint)> _roleProviders = [];

    public Option<string?> Provider { get; } = new("--provider")
    {
        Description = "simulator (offline; the default without --endpoint), openai (or any OpenAI-compatible endpoint; OPENAI_API_KEY), "
            + "azure (Azure OpenAI; AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT), ollama (native API; no key) or anthropic (ANTHROPIC_API_KEY).",
    };

    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = "Base URL of the provider: e.g. https://api.openai.com/v1, https://<resource>.openai.azure.com, http://localhost:11434 (Ollama).",
    };

    public Option<string?> Model { get; } = new("--model") { Description = "The model of every role (required with a provider; for azure, the deployment name)." };

    public Option<string?> GeneratorModel { get; } = new("--generator-model") { Description = "The model of the generator role." };

    public Option<string?> TaskModel { get; } = new("--task-model") { Description = "The model of the task role (the model the prompt is for)." };

    public Option<string?> CriticModel { get; } = new("--critic-model") { Description = "The model of the critic roles." };

    public Option<string?> UpdaterModel { get; } = new("--updater-model") { Description = "The model of the prompt-updater roles." };

    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Do not reuse cached responses of identical model calls." };

    public Option<int?> RequestsPerMinute { get; } = new("--requests-per-minute") { Description = "Client-side request rate limit (per provider)." };

    public Option<int?> TokensPerMinute { get; } = new("--tokens-per-minute") { Description = "Client-side token rate limit (per provider; counted with the model family's tokenizer before each call)." };

    public ProviderOptions()
    {
        Provider.AcceptOnlyFromAmong(ProviderNames.All);
        foreach (ModelRoleKind kind in RoleKinds)
        {
            string role = kind.ToString().ToLowerInvariant();
            var provider = new Option<string?>($"--{role}-provider")
            {
                Description = $"The provider of the {role} role (openai, azure, ollama or anthropic; needs --{role}-model when it differs from --provider).",
            };
            provider.AcceptOnlyFromAmong(ProviderNames.All);
            var endpoint = new Option<string?>($"--{role}-endpoint") { Description = $"The endpoint of the {role} role's provider." };
            _roleProviders[kind] = (provider, endpoint);
        }
    }

    public void AddTo(Command command)
    {
        command.Add(Provider);
        command.Add(Endpoint);
        command.Add(Model);
        command.Add(GeneratorModel);
        command.Add(TaskModel);
        command.Add(CriticModel);
        command.Add(UpdaterModel);
        foreach ((Option<string?> provider, Option<string?> endpoint) in _roleProviders.Values)
        {
            command.Add(provider);
            command.Add(endpoint);
        }

        command.Add(NoCache);
        command.Add(RequestsPerMinute);
        command.Add(TokensPerMinute);
    }

    /// <param name="result">The parse result.</param>
    /// <param name="getEnvironmentVariable">Reads environment variables (each provider's key and endpoint variables).</param>
    /// <param name="cacheDirectory">The response-cache folder used unless --no-cache is given.</param>
    /// <param name="file">The provider choices of the command's config file; the command line wins (see <see cref="Merge"/>).</param>
    public ProviderSettings Resolve(ParseResult result, Func<string, string?> getEnvironmentVariable, string cacheDirectory, ProviderFileSettings? file = null)
    {
        return ResolveCore(result, getEnvironmentVariable, file ?? ProviderFileSettings.None) with
        {
            CacheDirectory = result.GetValue(NoCache) ? null : cacheDirectory,
            RequestsPerMinute = result.GetValue(RequestsPerMinute),
            TokensPerMinute = result.GetValue(TokensPerMinute),
        };
    }

    /// <summary>
    /// The command line over the file: <c>--provider</c> replaces every provider the file names (so <c>--provider simulator</c>
    /// dry-runs a config written for a vendor); otherwise the file's providers stand and <c>--endpoint</c>, <c>--model</c> and
    /// the per-role options replace the file's values one by one. A problem with a value from the file names the file, line and field.
    /// </summary>
    private ProviderSettings ResolveCore(ParseResult result, Func<string, string?> getEnvironmentVariable, ProviderFileSettings file)
    {
        var origins = new Dictionary<string, ProviderFileValue>(StringComparer.Ordinal);
        // An --endpoint alone means an OpenAI-compatible server, as without a file, when the file only names the offline stub (echo).
        ProviderFileRole? fileDefaults = result.GetValue(Provider) is not null
            || (result.GetValue(Endpoint) is not null && file.Defaults?.Provider.Value == ProviderNames.Simulator)
            ? null
            : file.Defaults;
        string? provider = result.GetValue(Provider) ?? Merge(fileDefaults?.Provider, "--provider", origins);
        string? endpoint = result.GetValue(Endpoint) ?? Merge(fileDefaults?.Endpoint, "--endpoint", origins);
        string? model = result.GetValue(Model) ?? Merge(fileDefaults?.Model, "--model", origins);
        if (fileDefaults is not null)
        {
            origins.TryAdd("--model", fileDefaults.Provider with { Field = fileDefaults.Provider.Field.Replace(".backend", ".model", StringComparison.Ordinal) });
            AddKeyOrigin(fileDefaults, origins);
        }

        var requests = new Dictionary<ModelRoleKind, RoleProviderRequest>();
        var fileRoleModels = new Dictionary<ModelRoleKind, string>();
        foreach ((ModelRoleKind kind, (Option<string?> roleProvider, Option<string?> roleEndpoint)) in _roleProviders)
        {
            var request = new RoleProviderRequest(result.GetValue(roleProvider), result.GetValue(roleEndpoint));
            if (request is { Provider: null, Endpoint: null } && fileDefaults is not null && file.Roles.TryGetValue(kind, out ProviderFileRole? fileRole))
            {
                string role = kind.ToString().ToLowerInvariant();
                request = new RoleProviderRequest(Merge(fileRole.Provider, $"--{role}-provider", origins), Merge(fileRole.Endpoint, $"--{role}-endpoint", origins));
                if (Merge(fileRole.Model, $"--{role}-model", origins) is { } fileModel)
                {
                    fileRoleModels[kind] = fileModel;
                }

                AddKeyOrigin(fileRole, origins);
            }

            requests[kind] = request;
        }

        try
        {
            return ProviderSettings.Resolve(
                provider,
                endpoint,
                model,
                new Dictionary<ModelRoleKind, string?>
                {
                    [ModelRoleKind.Generator] = result.GetValue(GeneratorModel),
                    [ModelRoleKind.Task] = result.GetValue(TaskModel),
                    [ModelRoleKind.Critic] = result.GetValue(CriticModel),
                    [ModelRoleKind.Updater] = result.GetValue(UpdaterModel),
                },
                getEnvironmentVariable,
                requests,
                fileRoleModels) with
            {
                CommandLineModel = result.GetValue(Model),
            };
        }
        catch (CliInputException ex) when (ex.File is null && ex.Field is not null && origins.ContainsKey(ex.Field))
        {
            ProviderFileValue origin = origins[ex.Field];
            string hint = ProviderDefaults.KeyVariables.Contains(ex.Field) ? " To run this config offline, add --provider simulator." : string.Empty;
            throw new CliInputException(ex.Message + hint, origin.File, origin.Line, origin.Field, ex);
        }
    }

    private static string? Merge(ProviderFileValue? value, string option, Dictionary<string, ProviderFileValue> origins)
    {
        if (value is not null)
        {
            origins[option] = value;
        }

        return value?.Value;
    }

    /// <summary>A missing key for a provider the file chose points at the file's backend line.</summary>
    private static void AddKeyOrigin(ProviderFileRole role, Dictionary<string, ProviderFileValue> origins)
    {
        if (ProviderDefaults.KeyVariable(role.Provider.Value) is { } keyVariable)
        {
            origins.TryAdd(keyVariable, role.Provider);
        }

        if (role.Provider.Value == ProviderNames.Azure)
        {
            origins.TryAdd(ProviderDefaults.AzureEndpointVariable, role.Provider);
        }
    }
}
