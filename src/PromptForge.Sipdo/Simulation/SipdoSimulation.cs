namespace PromptForge.Sipdo;

/// <summary>SIPDO's behavior for an offline simulated model (such as <c>PromptForge.Simulation</c>'s <c>SimulatedChatClient</c>).</summary>
/// <example>
/// <code>
/// var simulator = new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 42, Behaviors = { SipdoSimulation.Behavior } });
/// </code>
/// </example>
public static class SipdoSimulation
{
    /// <summary>
    /// Gets the behavior that answers every SIPDO role (<see cref="SipdoRoles"/>) over a small simulated world of
    /// causal-judgement skills, reading only the JSON data blocks of SIPDO's requests. It is not a language model: its
    /// figures illustrate the method's dynamics and say nothing about model quality.
    /// </summary>
    public static ISimulatedRoleBehavior Behavior { get; } = new SipdoSimulatedBehavior();
}
