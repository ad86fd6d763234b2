namespace PromptForge.Simulation;

/// <summary>Labels that identify output produced by <see cref="SimulatedChatClient"/>, for CLIs, samples and reports.</summary>
public static class SimulatorInfo
{
    /// <summary>The label to print next to any figure or text the simulator produced. The simulator is not a language model.</summary>
    public const string Label = "offline simulator (not a model)";

    /// <summary>The model id the simulator reports on every response.</summary>
    public const string DefaultModelId = "promptforge-simulator";

    /// <summary>The provider name reported in the simulator's <see cref="Microsoft.Extensions.AI.ChatClientMetadata"/>.</summary>
    public const string ProviderName = "promptforge-simulator";
}
