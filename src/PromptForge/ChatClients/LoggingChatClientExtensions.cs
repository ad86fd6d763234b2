using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace PromptForge;

/// <summary>Adds PromptForge's call-summary logging to an <see cref="IChatClient"/>, outside a host's pipeline.</summary>
public static class LoggingChatClientExtensions
{
    /// <summary>The logger category used by <see cref="WithLogging"/>; the same as <see cref="PromptForgeLoggingChatClientBuilderExtensions.LoggerCategory"/>.</summary>
    public const string LoggerCategory = PromptForgeLoggingChatClientBuilderExtensions.LoggerCategory;

    /// <summary>
    /// Wraps <paramref name="client"/> in the stage added by <see cref="PromptForgeLoggingChatClientBuilderExtensions.UsePromptForgeLogging"/>:
    /// shorthand for <c>client.AsBuilder().UsePromptForgeLogging(loggerFactory).Build()</c> with an explicit clock.
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
        return client.AsBuilder().UsePromptForgeLogging(loggerFactory).Build(new ChatMiddlewareServices(timeProvider, loggerFactory));
    }
}
