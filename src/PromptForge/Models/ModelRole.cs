namespace PromptForge;

/// <summary>
/// Identifies who makes a model call: a fine-grained <see cref="Tag"/> (for example
/// <c>synsmith.attribute_verifier</c>) used for per-role settings, usage accounting and telemetry, and a
/// <see cref="Kind"/> that selects which role client answers it.
/// </summary>
public readonly record struct ModelRole
{
    /// <summary>Initializes a new instance of the <see cref="ModelRole"/> struct.</summary>
    /// <param name="tag">The role tag: lower-case letters, digits, '.', '_' or '-'.</param>
    /// <param name="kind">The role client that answers calls of this role.</param>
    /// <exception cref="ArgumentException"><paramref name="tag"/> is empty or has other characters.</exception>
    public ModelRole(string tag, ModelRoleKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        foreach (char c in tag)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'))
            {
                throw new ArgumentException($"Role tag '{tag}' may only contain lower-case letters, digits, '.', '_' and '-'.", nameof(tag));
            }
        }

        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentException($"Unknown role kind {kind}.", nameof(kind));
        }

        Tag = tag;
        Kind = kind;
    }

    /// <summary>Gets the role tag.</summary>
    public string Tag { get; }

    /// <summary>Gets the role client kind.</summary>
    public ModelRoleKind Kind { get; }

    /// <summary>Gets the generic generator role.</summary>
    public static ModelRole Generator { get; } = new("generator", ModelRoleKind.Generator);

    /// <summary>Gets the generic task-model role.</summary>
    public static ModelRole Task { get; } = new("task", ModelRoleKind.Task);

    /// <summary>Gets the generic critic role.</summary>
    public static ModelRole Critic { get; } = new("critic", ModelRoleKind.Critic);

    /// <summary>Gets the generic updater role.</summary>
    public static ModelRole Updater { get; } = new("updater", ModelRoleKind.Updater);

    /// <summary>Gets the tag used for a role kind (<c>generator</c>, <c>task</c>, <c>critic</c>, <c>updater</c>).</summary>
    /// <param name="kind">The role kind.</param>
    /// <returns>The tag.</returns>
    public static string KindTag(ModelRoleKind kind) => kind switch
    {
        ModelRoleKind.Generator => "generator",
        ModelRoleKind.Task => "task",
        ModelRoleKind.Critic => "critic",
        ModelRoleKind.Updater => "updater",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown role kind."),
    };

    /// <inheritdoc />
    public override string ToString() => $"{Tag} ({KindTag(Kind)})";
}
