using System.ClientModel;

namespace PromptForge.Cli.Providers;

/// <summary>Settings of an <see cref="OpenAICompatibleChatClient"/>.</summary>
internal sealed class OpenAICompatibleChatClientOptions
{
    /// <summary>Gets the base address of the server (for example <c>https://api.openai.com/v1</c> or <c>http://localhost:11434/v1</c>);
    /// <see langword="null"/> uses the SDK's default (api.openai.com).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Gets the API key. Never logged, never written to a run folder.</summary>
    public required ApiKeyCredential Credential { get; init; }

    /// <summary>Gets the model used when a call's <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/> is not set.</summary>
    public required string DefaultModelId { get; init; }

    /// <summary>Gets how long one HTTP attempt may take before it fails as a (transient) timeout.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets the value sent as <c>strict</c> with JSON-schema response formats; <see langword="null"/> omits it
    /// (strict mode requires every property to be required and <c>additionalProperties: false</c>).</summary>
    public bool? StrictJsonSchema { get; init; }
}
