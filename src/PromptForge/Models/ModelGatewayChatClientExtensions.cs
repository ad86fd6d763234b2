using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PromptForge;

/// <summary>
/// Adapts an <see cref="IChatClient"/> to an <see cref="IModelGateway"/> outside a loop, for work that must use the same
/// model-call path (role tags, structured output repair, usage ledger, concurrency limit) but is not part of a run, such
/// as evaluating prompts on a held-out split. Named like Microsoft.Extensions.AI's own adapters (<c>AsIChatClient</c>).
/// </summary>
public static class ModelGatewayChatClientExtensions
{
    /// <summary>Wraps a chat client in a gateway that sends every role's calls to it.</summary>
    /// <param name="chatClient">The chat client (build it with caching middleware to cache calls).</param>
    /// <param name="maxConcurrency">The most calls in flight at once.</param>
    /// <param name="roleSettings">Settings by role tag or role kind tag (for example a temperature); none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The time source; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; no logging when <see langword="null"/>.</param>
    /// <returns>The gateway; its <see cref="IModelGateway.Usage"/> ledger counts every call.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="chatClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is less than 1.</exception>
    public static IModelGateway AsModelGateway(
        this IChatClient chatClient,
        int maxConcurrency = 8,
        IReadOnlyDictionary<string, ModelCallSettings>? roleSettings = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        return new ModelGateway(
            new ModelRoleClients { Default = chatClient },
            new ModelCallSettingsResolver(
                roleSettings ?? new Dictionary<string, ModelCallSettings>(StringComparer.Ordinal),
                new Dictionary<string, ModelCallSettings>(StringComparer.Ordinal)),
            maxConcurrency,
            new LoopBudget(),
            timeProvider ?? TimeProvider.System,
            (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("PromptForge.ModelGateway"));
    }
}
