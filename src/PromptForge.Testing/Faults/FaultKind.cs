namespace PromptForge.Testing;

/// <summary>A fault that <see cref="FaultInjectingChatClient"/> can inject.</summary>
public enum FaultKind
{
    /// <summary>HTTP 429: a <see cref="ModelServiceException"/> with status 429 and a <see cref="ModelServiceException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>HTTP 500: a <see cref="ModelServiceException"/> with status 500.</summary>
    ServerError,

    /// <summary>A <see cref="TimeoutException"/>, optionally after hanging for <see cref="FaultInjectionOptions.TimeoutDelay"/>.</summary>
    Timeout,

    /// <summary>The inner reply with its JSON made invalid (double quotes turned to single quotes, a dangling comma appended).</summary>
    MalformedJson,

    /// <summary>The inner reply cut short at a seeded position, as when a stream or an output limit ends it early.</summary>
    TruncatedJson,

    /// <summary>An empty reply.</summary>
    EmptyReply,

    /// <summary>An exception supplied by the test through <see cref="FaultInjectingChatClient.FailNext(int, Func{Exception})"/>.</summary>
    Custom,
}
