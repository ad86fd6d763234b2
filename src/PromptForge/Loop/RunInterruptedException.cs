namespace PromptForge;

/// <summary>The loop stops the run as <see cref="RunStatus.Interrupted"/> (too many content failures in one iteration).</summary>
internal sealed class RunInterruptedException(string reason) : PromptForgeException(reason);
