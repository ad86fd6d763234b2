namespace PromptForge.Cli;

/// <summary>The values of <c>--provider</c> and the per-role <c>--&lt;role&gt;-provider</c> options.</summary>
internal static class ProviderNames
{
    /// <summary>The offline simulator (PromptForge.Simulation): no network, no key, output labeled as simulated.</summary>
    public const string Simulator = "simulator";

    /// <summary>OpenAI, or any OpenAI-compatible chat-completions endpoint, through Microsoft.Extensions.AI.OpenAI.</summary>
    public const string OpenAI = "openai";

    /// <summary>Azure OpenAI (deployment URLs, <c>api-key</c> header) through Microsoft.Extensions.AI.OpenAI.</summary>
    public const string Azure = "azure";

    /// <summary>Ollama's native API (<c>/api/chat</c>) through OllamaSharp.</summary>
    public const string Ollama = "ollama";

    /// <summary>Anthropic's Messages API through the official Anthropic SDK.</summary>
    public const string Anthropic = "anthropic";

    /// <summary>Every accepted value.</summary>
    public static readonly string[] All = [Simulator, OpenAI, Azure, Ollama, Anthropic];
}
