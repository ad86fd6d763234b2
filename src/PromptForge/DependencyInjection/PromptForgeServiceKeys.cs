namespace PromptForge;

/// <summary>
/// Service keys of the role clients. Register a keyed <see cref="Microsoft.Extensions.AI.IChatClient"/> under one of
/// them to give a role its own model; roles without one use the unkeyed <c>IChatClient</c>.
/// </summary>
public static class PromptForgeServiceKeys
{
    /// <summary>The generator's chat client.</summary>
    public const string GeneratorClient = "promptforge:generator";

    /// <summary>The task model's chat client.</summary>
    public const string TaskClient = "promptforge:task";

    /// <summary>The critics' chat client.</summary>
    public const string CriticClient = "promptforge:critic";

    /// <summary>The updater's chat client.</summary>
    public const string UpdaterClient = "promptforge:updater";

    /// <summary>Returns the service key of a role kind's chat client.</summary>
    /// <param name="kind">The role kind.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public static string ForRole(ModelRoleKind kind) => kind switch
    {
        ModelRoleKind.Generator => GeneratorClient,
        ModelRoleKind.Task => TaskClient,
        ModelRoleKind.Critic => CriticClient,
        ModelRoleKind.Updater => UpdaterClient,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown role kind."),
    };
}
