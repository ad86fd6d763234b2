using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace PromptForge;

/// <summary>Adds logging of chat calls to an <see cref="IChatClient"/>.</summary>
public static class LoggingChatClientExtensions
{
    /// <summary>The logger category used by <see cref="WithLogging"/>.</summary>
    public const string LoggerCategory = "PromptForge.Chat";

    /// <summary>
    /// Wraps <paramref name="client"/> so that each call is logged under the category <see cref="LoggerCategory"/>:
    /// start and completion (role tag, model, token counts, duration, cache hit) at Debug, failures at Warning,
    /// and the messages, options and reply text only at Trace. Headers and credentials are never logged.
    /// </summary>
    /// <param name="client">The client to wrap.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="timeProvider">The clock that measures durations; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    /// <returns>A logging client.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="loggerFactory"/> is <see langword="null"/>.</exception>
    public static IChatClient WithLogging(this IChatClient client, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return new LoggingChatClient(client, loggerFactory.CreateLogger(LoggerCategory), timeProvider ?? TimeProvider.System);
    }
}
