namespace PromptForge.Cli.Hosting;

/// <summary>
/// A provider failure stopped work that was saved and can be resumed (for example SIPDO's held-out evaluation after the
/// loop finished). The message has been printed, with the resume command; the command exits with
/// <see cref="ExitCodes.Interrupted"/>.
/// </summary>
internal sealed class CliInterruptedException(string message, Exception innerException) : Exception(message, innerException);
