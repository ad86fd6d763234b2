namespace PromptForge.Testing;

/// <summary>
/// Answers the calls of one or more PromptForge roles inside <see cref="SimulatedChatClient"/>.
/// </summary>
/// <remarks>
/// <para>
/// Implementations are discovered by reflection over the PromptForge.Testing assembly: every non-abstract class
/// implementing this interface with a parameterless constructor (it may be non-public) is instantiated once. Declare
/// them <c>internal sealed</c> in <c>Simulation/Roles/</c>. When several handle a tag, the first by full type name wins.
/// </para>
/// <para>
/// An instance is shared by concurrent calls: keep it stateless. Draw every random decision from
/// <see cref="SimulatedRequest.Random"/> (or <see cref="SimulatedRequest.CreateRandom(string)"/> for decisions that
/// must not depend on the order of items), never from an unseeded source, so the simulator stays deterministic.
/// Content must depend on the request (the task answered, the samples judged, the feedback rewritten) so that a loop
/// shows real dynamics. Shared helpers: <see cref="SimulatorText"/>, <see cref="SimulatorJson"/>,
/// <see cref="SimulatedAnswers"/> and <see cref="SimulatedJsonSchemaGenerator"/>.
/// </para>
/// </remarks>
internal interface ISimulatedRoleBehavior
{
    /// <summary>Determines whether this behavior answers calls with the given role tag.</summary>
    /// <param name="roleTag">The role tag, such as <c>sipdo.error_analysis</c>; empty when the caller set none.</param>
    /// <returns><see langword="true"/> to handle the call.</returns>
    bool Handles(string roleTag);

    /// <summary>Produces the response text (JSON text when <see cref="SimulatedRequest.ResponseSchema"/> is set).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The response text.</returns>
    string Respond(SimulatedRequest request);
}
