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
    }

    public ProviderSettings Resolve(ParseResult result, Func<string, string?> getEnvironmentVariable) => ProviderSettings.Resolve(
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
