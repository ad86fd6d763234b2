namespace PromptForge.Cli.Hosting;

/// <summary>A feature whose package is not part of this build yet: reported plainly (exit code 3), never faked.</summary>
internal sealed class NotAvailableException(string message) : Exception(message);
