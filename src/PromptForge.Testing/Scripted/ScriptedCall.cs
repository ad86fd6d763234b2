using Microsoft.Extensions.AI;

namespace PromptForge.Testing;

/// <summary>One call received by a <see cref="ScriptedChatClient"/>, as recorded in <see cref="ScriptedChatClient.Calls"/>.</summary>
public sealed class ScriptedCall
{
    internal ScriptedCall(int number, int roleCallNumber, string? role, IReadOnlyList<ChatMessage> messages, ChatOptions? options, DateTimeOffset timestamp, bool streaming)
    {
        Number = number;
        RoleCallNumber = roleCallNumber;
        Role = role;
        Messages = messages;
        Options = options;
        Timestamp = timestamp;
        IsStreaming = streaming;
    }

    /// <summary>Gets the 1-based number of the call among all calls the client received.</summary>
    public int Number { get; }

    /// <summary>Gets the 1-based number of the call among the calls made with the same role tag.</summary>
    public int RoleCallNumber { get; }

    /// <summary>Gets the PromptForge role tag of the call, or <see langword="null"/> when the options carry none.</summary>
    public string? Role { get; }

    /// <summary>Gets the messages sent (a copy of the list; the message objects are the caller's).</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>Gets a clone of the options sent, or <see langword="null"/>.</summary>
    public ChatOptions? Options { get; }

    /// <summary>Gets when the call arrived, on the client's clock.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets a value indicating whether the call was a streaming call.</summary>
    public bool IsStreaming { get; }

    /// <summary>Gets the text of the last user message, or an empty string when there is none.</summary>
    public string LastUserText => Messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
}
