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
    public ProviderSettings Resolve(ParseResult result, Func<string, string?> getEnvironmentVariable, string cacheDirectory)
    {
        return ResolveCore(result, getEnvironmentVariable) with
        {
            CacheDirectory = result.GetValue(NoCache) ? null : cacheDirectory,
            RequestsPerMinute = result.GetValue(RequestsPerMinute),
            TokensPerMinute = result.GetValue(TokensPerMinute),
        };
    }

    private ProviderSettings ResolveCore(ParseResult result, Func<string, string?> getEnvironmentVariable) => ProviderSettings.Resolve(
        result.GetValue(Provider),
        result.GetValue(Endpoint),
        result.GetValue(Model),
        new Dictionary<ModelRoleKind, string?>
        {
            [ModelRoleKind.Generator] = result.GetValue(GeneratorModel),
            [ModelRoleKind.Task] = result.GetValue(TaskModel),
            [ModelRoleKind.Critic] = result.GetValue(CriticModel),
            [ModelRoleKind.Updater] = result.GetValue(UpdaterModel),
        },
        getEnvironmentVariable,
        _roleProviders.ToDictionary(r => r.Key, r => new RoleProviderRequest(result.GetValue(r.Value.Provider), result.GetValue(r.Value.Endpoint))));
}
