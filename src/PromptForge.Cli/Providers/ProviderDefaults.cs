namespace PromptForge.Cli.Providers;

/// <summary>What each provider uses when the command line does not say: key variable, endpoint variable, public endpoint.</summary>
internal static class ProviderDefaults
{
    /// <summary>The key variable of OpenAI and OpenAI-compatible servers.</summary>
    public const string OpenAIKeyVariable = "OPENAI_API_KEY";

    /// <summary>The key variable of Azure OpenAI.</summary>
    public const string AzureKeyVariable = "AZURE_OPENAI_API_KEY";

    /// <summary>The endpoint variable of Azure OpenAI (https://&lt;resource&gt;.openai.azure.com).</summary>
    public const string AzureEndpointVariable = "AZURE_OPENAI_ENDPOINT";

    /// <summary>The key variable of Anthropic.</summary>
    public const string AnthropicKeyVariable = "ANTHROPIC_API_KEY";

    /// <summary>The address variable of Ollama (as the ollama command reads it).</summary>
    public const string OllamaHostVariable = "OLLAMA_HOST";

    /// <summary>The key sent to local servers (Ollama's OpenAI-compatible route, vLLM, LM Studio) that ignore it, when no key is set.</summary>
    public const string LocalServerPlaceholderKey = "not-needed-for-local-servers";

    /// <summary>Every key variable (an estimate, which sends nothing, needs none of them).</summary>
    public static readonly string[] KeyVariables = [OpenAIKeyVariable, AzureKeyVariable, AnthropicKeyVariable];

    /// <summary>Gets the key variable of <paramref name="provider"/>, or <see langword="null"/> when it needs no key (Ollama, the simulator).</summary>
    public static string? KeyVariable(string provider) => provider switch
    {
        ProviderNames.OpenAI => OpenAIKeyVariable,
        ProviderNames.Azure => AzureKeyVariable,
        ProviderNames.Anthropic => AnthropicKeyVariable,
        _ => null,
    };

    /// <summary>Gets the address shown for a provider used without an endpoint.</summary>
    public static string PublicEndpoint(string provider) => provider switch
    {
        ProviderNames.OpenAI => "https://api.openai.com/v1",
        ProviderNames.Anthropic => "https://api.anthropic.com",
        ProviderNames.Ollama => "http://localhost:11434",
        _ => "(none)",
    };
}
