namespace PromptForge;

/// <summary>
/// Implemented by loop components that make model calls, so <see cref="PromptLoopBuilder.Build"/> can report a
/// missing role client before anything runs.
/// </summary>
public interface IModelRoleConsumer
{
    /// <summary>Gets the role clients the component calls.</summary>
    IReadOnlyCollection<ModelRoleKind> RequiredRoleKinds { get; }
}
