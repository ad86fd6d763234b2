namespace PromptForge.Cli.Tests.Fakes;

/// <summary>A failure a <see cref="LoopbackProviderServer"/> produces instead of a normal reply, in its vendor's wire format.</summary>
public enum ProviderServerFault
{
    /// <summary>429 with a Retry-After header (seconds).</summary>
    RateLimited,

    /// <summary>500 (Anthropic: 529 overloaded is also 5xx; 500 is used here).</summary>
    ServerError,

    /// <summary>401 with the vendor's authentication error body.</summary>
    Unauthorized,

    /// <summary>200 with a reply that carries no message (OpenAI: <c>choices: []</c>; Ollama: no <c>message</c>; Anthropic: <c>content: []</c>).</summary>
    EmptyReply,
}
