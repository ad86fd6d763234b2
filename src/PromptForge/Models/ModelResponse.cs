using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>The result of a text model call.</summary>
public sealed class ModelResponse
{
    /// <summary>Initializes a new instance of the <see cref="ModelResponse"/> class.</summary>
    /// <param name="role">Who made the call.</param>
    /// <param name="chatResponse">The underlying chat response.</param>
    /// <exception cref="ArgumentNullException"><paramref name="chatResponse"/> is <see langword="null"/>.</exception>
    public ModelResponse(ModelRole role, ChatResponse chatResponse)
    {
        ArgumentNullException.ThrowIfNull(chatResponse);
        Role = role;
        ChatResponse = chatResponse;
        Text = chatResponse.Text ?? string.Empty;
        FromCache = chatResponse.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.CacheHit, out object? hit) == true && hit is true;
    }

    /// <summary>Gets who made the call.</summary>
    public ModelRole Role { get; }

    /// <summary>Gets the response text.</summary>
    public string Text { get; }

    /// <summary>Gets a value indicating whether the response came from the response cache (it cost nothing).</summary>
    public bool FromCache { get; }

    /// <summary>Gets the underlying chat response.</summary>
    public ChatResponse ChatResponse { get; }
}
