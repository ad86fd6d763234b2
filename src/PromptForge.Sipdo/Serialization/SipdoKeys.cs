namespace PromptForge.Sipdo;

/// <summary>The typed keys SIPDO's components exchange values and keep state under.</summary>
internal static class SipdoKeys
{
    /// <summary>The task critic's result: every item of the coverage set with the model's answer (read by the updater).</summary>
    public static readonly ArtifactKey<TaskRunDetails> TaskRun = new("sipdo.task_run", SipdoJsonContext.Default.TaskRunDetails);

    /// <summary>The generator's state across rounds: labels drawn and the condensed history.</summary>
    public static readonly ArtifactKey<SipdoGeneratorState> GeneratorState = new("sipdo.generator", SipdoJsonContext.Default.SipdoGeneratorState);

    /// <summary>What the current prompt got wrong lately (the updater's record after each repair, read by the generator).</summary>
    public static readonly ArtifactKey<SipdoWeaknessState> Weaknesses = new(SipdoWeaknessState.Key, SipdoJsonContext.Default.SipdoWeaknessState);

    /// <summary>The items quarantined (and upheld) by the re-check after a failed repair (the updater's record, read by the critic).</summary>
    public static readonly ArtifactKey<QuarantineState> Quarantine = new(QuarantineState.Key, SipdoJsonContext.Default.QuarantineState);

    /// <summary>The run's memoized task verdicts, saved so a resumed run keeps them.</summary>
    public static readonly ArtifactKey<TaskVerdictMemoState> TaskVerdicts = new(TaskVerdictMemoState.Key, SipdoJsonContext.Default.TaskVerdictMemoState);
}
