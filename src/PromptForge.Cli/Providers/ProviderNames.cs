namespace PromptForge.Cli;

/// <summary>The values of <c>--provider</c>.</summary>
internal static class ProviderNames
{
    /// <summary>The offline simulator (PromptForge.Simulation): no network, no key, output labeled as simulated.</summary>
    public const string Simulator = "simulator";

    /// <summary>Any OpenAI-compatible chat-completions endpoint through the official OpenAI SDK.</summary>
    public const string OpenAI = "openai";
}
