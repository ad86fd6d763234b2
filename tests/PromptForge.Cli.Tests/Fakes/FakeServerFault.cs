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

    /// <summary>200 with truncated JSON (the connection cut mid-body).</summary>
    MalformedBody,

    /// <summary>A normal reply after <see cref="FakeOpenAIServer.SlowReplyDelay"/>.</summary>
    SlowReply,

    /// <summary>400 with an Azure-style content_filter error code.</summary>
    ContentFilter,

    /// <summary>502 Bad Gateway with an HTML body (a proxy in front of the model).</summary>
    BadGateway,

    /// <summary>200 with an HTML page instead of JSON (a captive portal or a misrouted proxy).</summary>
    HtmlBody,

    /// <summary>200 with a well-formed completion whose <c>choices</c> list is empty.</summary>
    EmptyChoices,

    /// <summary>429 with <c>insufficient_quota</c>: the account's quota or billing is exhausted (waiting does not help).</summary>
    QuotaExceeded,
}
