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

    /// <summary>
    /// Creates the behavior that answers every SIPDO role for <paramref name="task"/>, over a simulated world derived from
    /// the task's own examples: hidden skills (phrases its questions share, long questions) that rules in a prompt cover
    /// or miss, the real examples' answers, and the task's answer format (docs/simulator.md describes the model). It
    /// serves any task the project loads. It is not a language model: its figures illustrate the method's dynamics and
    /// say nothing about model quality.
    /// </summary>
    /// <param name="task">The task (its training examples and held-out split).</param>
    /// <returns>The behavior; register it instead of <see cref="Behavior"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    public static ISimulatedRoleBehavior CreateBehavior(TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new SipdoTaskSimulatedBehavior(task);
    }
}
