namespace PromptForge;

/// <summary>
/// The four role clients a prompt loop can be given. Every model call names a <see cref="ModelRole"/> whose
/// kind selects the client: a cheap task model and a strong optimizer model are simply two role clients.
/// </summary>
public enum ModelRoleKind
{
    /// <summary>Writes samples (synthetic inputs, labels, attributes).</summary>
    Generator,

    /// <summary>Answers task inputs with the prompt being optimized (SIPDO's task model).</summary>
    Task,

    /// <summary>Judges samples or answers (verifiers, discriminators, auditors).</summary>
    Critic,

    /// <summary>Analyses feedback and rewrites prompts (the optimizer).</summary>
    Updater,
}
