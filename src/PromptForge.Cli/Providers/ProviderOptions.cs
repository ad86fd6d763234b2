using System.CommandLine;

namespace PromptForge.Cli.Providers;

/// <summary>The provider options of every command that calls models: --provider, --endpoint, --model and per-role models.</summary>
internal sealed class ProviderOptions
{
    public Option<string?> Provider { get; } = new("--provider")
    {
        Description = "simulator (offline, the default without --endpoint) or openai (any OpenAI-compatible endpoint; key from OPENAI_API_KEY).",
    };

    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = "Base URL of an OpenAI-compatible server, e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama).",
    };

    public Option<string?> Model { get; } = new("--model") { Description = "The model for every role (required with --provider openai)." };

    public Option<string?> GeneratorModel { get; } = new("--generator-model") { Description = "The model of the generator role." };

    public Option<string?> TaskModel { get; } = new("--task-model") { Description = "The model of the task role (the model the prompt is for)." };

    public Option<string?> CriticModel { get; } = new("--critic-model") { Description = "The model of the critic roles." };

    public Option<string?> UpdaterModel { get; } = new("--updater-model") { Description = "The model of the prompt-updater roles." };

    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Do not reuse cached responses of identical model calls (OpenAI-compatible provider)." };

    public Option<int?> RequestsPerMinute { get; } = new("--requests-per-minute") { Description = "Client-side request rate limit." };

    public Option<int?> TokensPerMinute { get; } = new("--tokens-per-minute") { Description = "Client-side token rate limit (estimated before each call)." };

    public ProviderOptions() => Provider.AcceptOnlyFromAmong(ProviderNames.Simulator, ProviderNames.OpenAI);

    public void AddTo(Command command)
    {
        command.Add(Provider);
        command.Add(Endpoint);
        command.Add(Model);
        command.Add(GeneratorModel);
        command.Add(TaskModel);
        command.Add(CriticModel);
        command.Add(UpdaterModel);
        command.Add(NoCache);
        command.Add(RequestsPerMinute);
        command.Add(TokensPerMinute);
    }

    /// <param name="result">The parse result.</param>
    /// <param name="getEnvironmentVariable">Reads environment variables (OPENAI_API_KEY).</param>
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
        getEnvironmentVariable);
}
