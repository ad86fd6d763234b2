namespace PromptForge;

/// <summary>
/// A prompt-optimization loop: each iteration a generator writes samples, critics judge them, and an updater rewrites
/// the prompt being optimized. Build one with <see cref="Create"/>; it can run any number of times.
/// </summary>
public sealed partial class PromptLoop
{
    /// <summary>Starts building a loop.</summary>
    /// <returns>A new builder.</returns>
    public static PromptLoopBuilder Create() => new();
}
