namespace PromptForge.Cli.Tests.Fakes;

/// <summary>A failure the fake server produces instead of a normal reply.</summary>
public enum FakeServerFault
{
    /// <summary>429 with Retry-After (seconds) and retry-after-ms headers.</summary>
    RateLimited,

    /// <summary>500 Internal Server Error.</summary>
    ServerError,

    /// <summary>401 Unauthorized (a rejected key).</summary>
    Unauthorized,

    /// <summary>200 with a body that is not JSON.</summary>
    MalformedBody,

    /// <summary>A normal reply after <see cref="FakeOpenAIServer.SlowReplyDelay"/>.</summary>
    SlowReply,

    /// <summary>400 with an Azure-style content_filter error code.</summary>
    ContentFilter,
}
