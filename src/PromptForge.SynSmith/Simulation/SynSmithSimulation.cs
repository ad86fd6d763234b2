namespace PromptForge.SynSmith;

/// <summary>SynSmith's behavior for an offline simulated model (such as <c>PromptForge.Simulation</c>'s <c>SimulatedChatClient</c>).</summary>
/// <example>
/// <code>
/// var simulator = new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 17, Behaviors = { SynSmithSimulation.Behavior } });
/// </code>
/// </example>
public static class SynSmithSimulation
{
    /// <summary>
    /// Gets the behavior that answers every SynSmith role (<see cref="SynSmithRoles"/>), reading only the JSON request
    /// data SynSmith sends as the user message. It is not a language model: its figures illustrate the method's
    /// dynamics and say nothing about model quality.
    /// </summary>
    public static ISimulatedRoleBehavior Behavior { get; } = new SynSmithSimulatedBehavior();
}
