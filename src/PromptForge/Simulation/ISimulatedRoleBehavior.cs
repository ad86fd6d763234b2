namespace PromptForge;

/// <summary>
/// Answers the calls of one or more model roles inside an offline, simulated chat model (for example the
/// <c>PromptForge.Simulation</c> package's <c>SimulatedChatClient</c>). A method package ships the behavior of its own
/// roles; the simulated model receives behaviors explicitly, never by discovery.
/// </summary>
/// <remarks>
/// <para>
/// A behavior reads the data of a request from the typed, JSON-encoded payloads its own package puts into the prompt,
/// never from the instruction prose of a (possibly overridden) template, and answers by serializing its package's own
/// reply types (<see cref="SimulatedRoleResponse.FromJson{T}(T, System.Text.Json.Serialization.Metadata.JsonTypeInfo{T})"/>).
/// When a request lacks the data it needs, throw <see cref="InvalidOperationException"/>: the simulated model reports the
/// defect instead of answering silently.
/// </para>
/// <para>
/// An instance is shared by concurrent calls: keep it stateless. Draw every random decision from
/// <see cref="SimulatedRoleRequest.Random"/> (or <see cref="SimulatedRoleRequest.CreateRandom(string)"/> for decisions
/// that must not depend on the order of items), so the same seed and request always give the same response.
/// </para>
/// </remarks>
public interface ISimulatedRoleBehavior
{
    /// <summary>Gets the role tags this behavior answers (for example <c>sipdo.verifier</c>).</summary>
    IReadOnlyCollection<string> RoleTags { get; }

    /// <summary>Produces the response to one call of a role in <see cref="RoleTags"/>.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The response (JSON text when <see cref="SimulatedRoleRequest.ResponseSchema"/> is set).</returns>
    /// <exception cref="InvalidOperationException">The request lacks the data the behavior needs.</exception>
    SimulatedRoleResponse Respond(SimulatedRoleRequest request);
}
