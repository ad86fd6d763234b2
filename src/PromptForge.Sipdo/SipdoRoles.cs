namespace PromptForge.Sipdo;

/// <summary>The role tags of SIPDO's model calls (configure one with <c>ConfigureRole("sipdo.suggestion", ...)</c>).</summary>
public static class SipdoRoles
{
    /// <summary>Gets the generator role: writes one synthetic item at a difficulty level.</summary>
    public static ModelRole Generator { get; } = new("sipdo.generator", ModelRoleKind.Generator);

    /// <summary>Gets the history summarizer role: condenses earlier items once they exceed the context budget.</summary>
    public static ModelRole Summarizer { get; } = new("sipdo.summarizer", ModelRoleKind.Generator);

    /// <summary>Gets the verifier role: one independent vote that an item's label is correct.</summary>
    public static ModelRole Verifier { get; } = new("sipdo.verifier", ModelRoleKind.Critic);

    /// <summary>Gets the task role: the task model answering with the prompt being optimized.</summary>
    public static ModelRole Task { get; } = new("sipdo.task", ModelRoleKind.Task);

    /// <summary>Gets the error analysis role.</summary>
    public static ModelRole ErrorAnalysis { get; } = new("sipdo.error_analysis", ModelRoleKind.Updater);

    /// <summary>Gets the improvement suggestion role.</summary>
    public static ModelRole Suggestion { get; } = new("sipdo.suggestion", ModelRoleKind.Updater);

    /// <summary>Gets the targeted rewrite role.</summary>
    public static ModelRole Rewrite { get; } = new("sipdo.rewrite", ModelRoleKind.Updater);

    /// <summary>Gets the tag of every SIPDO role (the roles an offline model of SIPDO answers).</summary>
    internal static IReadOnlyCollection<string> AllTags { get; } =
        [Generator.Tag, Summarizer.Tag, Verifier.Tag, Task.Tag, ErrorAnalysis.Tag, Suggestion.Tag, Rewrite.Tag];
}
