using Microsoft.Extensions.Logging;

namespace PromptForge.SynSmith;

/// <summary>SynSmith's source-generated log messages.</summary>
internal static partial class SynSmithLog
{
    public const string Category = "PromptForge.SynSmith";

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Iteration {Iteration}: {Missing} of {Targets} targets got no usable sample after {Attempts} attempts.")]
    public static partial void TargetsUnfilled(ILogger logger, int iteration, int missing, int targets, int attempts);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Iteration {Iteration}: critic {Critic} lost {Failed} of {Calls} calls: {Error}")]
    public static partial void CriticCallsFailed(ILogger logger, int iteration, string critic, int failed, int calls, string error);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Iteration {Iteration}: mode hunter banned {Count} new phrasings ({Total} in the ban list).")]
    public static partial void PhrasingsBanned(ILogger logger, int iteration, int count, int total);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Iteration {Iteration}: the prompt updater's reply was unusable: {Reason}")]
    public static partial void RewriteUnusable(ILogger logger, int iteration, string reason);
}
