using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>A model call as PromptForge packages make it: a role, the messages, and optional per-call overrides.</summary>
public sealed class ModelRequest
{
    /// <summary>Initializes a new instance of the <see cref="ModelRequest"/> class.</summary>
    /// <param name="role">Who makes the call.</param>
    /// <param name="messages">The messages to send; copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="messages"/> is empty or <paramref name="role"/> is the default value.</exception>
    public ModelRequest(ModelRole role, IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (role.Tag is null)
        {
            throw new ArgumentException("A model request needs a role.", nameof(role));
        }

        Role = role;
        Messages = messages.ToArray();
        if (Messages.Count == 0)
        {
            throw new ArgumentException("A model request needs at least one message.", nameof(messages));
        }
    }

    /// <summary>Initializes a new instance of the <see cref="ModelRequest"/> class from a system and a user message.</summary>
    /// <param name="role">Who makes the call.</param>
    /// <param name="systemPrompt">The system instructions; may be <see langword="null"/> to send none.</param>
    /// <param name="userPrompt">The user message.</param>
    /// <exception cref="ArgumentException"><paramref name="userPrompt"/> is null or empty.</exception>
    public ModelRequest(ModelRole role, string? systemPrompt, string userPrompt)
        : this(role, CreateMessages(systemPrompt, userPrompt))
    {
    }

    /// <summary>Gets who makes the call.</summary>
    public ModelRole Role { get; }

    /// <summary>Gets the messages to send.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>Gets or sets a temperature that overrides the role's default for this call.</summary>
    /// <value>Unset by default.</value>
    public float? Temperature { get; set; }

    /// <summary>Gets or sets a maximum output token count that overrides the role's default for this call.</summary>
    /// <value>Unset by default.</value>
    public int? MaxOutputTokens { get; set; }

    /// <summary>Gets or sets a model id that overrides the role's default for this call.</summary>
    /// <value>Unset by default.</value>
    public string? ModelId { get; set; }

    /// <summary>
    /// Gets or sets a value that makes otherwise identical requests distinct (for example the index of
    /// one of k independent verifier votes), so a response cache does not collapse them into one answer.
    /// </summary>
    /// <value>Unset by default.</value>
    public string? CacheDiscriminator { get; set; }

    private static ChatMessage[] CreateMessages(string? systemPrompt, string userPrompt)
    {
        ArgumentException.ThrowIfNullOrEmpty(userPrompt);
        return string.IsNullOrEmpty(systemPrompt)
            ? [new ChatMessage(ChatRole.User, userPrompt)]
            : [new ChatMessage(ChatRole.System, systemPrompt), new ChatMessage(ChatRole.User, userPrompt)];
    }
}
