using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PromptForge;

/// <summary>Adds PromptForge's call-summary logging to a <see cref="ChatClientBuilder"/> pipeline, beside Microsoft.Extensions.AI's own.</summary>
public static class PromptForgeLoggingChatClientBuilderExtensions
{
    /// <summary>The logger category of the stage added by <see cref="UsePromptForgeLogging"/>.</summary>
    public const string LoggerCategory = "PromptForge.Chat";

    /// <summary>
    /// Adds a stage that logs each call under the category <see cref="LoggerCategory"/>: start and completion (role tag, model,
    /// token counts, duration, cache hit, finish reason) at Debug, failures at Warning, and the messages, options and reply text
    /// only at Trace. Headers and credentials are never logged.
    /// </summary>
    /// <remarks>
    /// Microsoft.Extensions.AI's <c>UseLogging()</c> logs that a call was invoked and completed at Debug and the full request
    /// and response JSON at Trace; this stage is kept for the one Debug line per call that a run needs to be followed
    /// (which role, how many tokens, how long, served from the cache or not, cut by the output limit or not) without
    /// enabling Trace and the user data that comes with it. Durations follow the <see cref="TimeProvider"/> registered in the services.
    /// </remarks>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="loggerFactory">The logger factory; <see langword="null"/> resolves one from the services (no logging when there is none).</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder UsePromptForgeLogging(this ChatClientBuilder builder, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var factory = loggerFactory ?? services.GetService(typeof(ILoggerFactory)) as ILoggerFactory;
            return factory is null || factory == NullLoggerFactory.Instance
                ? inner
                : new LoggingChatClient(inner, factory.CreateLogger(LoggerCategory), ChatMiddlewareServices.GetTimeProvider(services));
        });
    }
}
