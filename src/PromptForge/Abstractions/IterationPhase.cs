namespace PromptForge;

/// <summary>What an iteration is for, as its curriculum step says (<see cref="DifficultyStep.Phase"/>).</summary>
public enum IterationPhase
{
    /// <summary>The loop explores: new samples are written, critiqued and the prompt is repaired.</summary>
    Exploration = 0,

    /// <summary>
    /// A final selection round: no new samples and no repair; the critics re-measure the kept prompt versions so the best
    /// can be chosen on the same data (SIPDO's p* selection).
    /// </summary>
    Selection = 1,
}
