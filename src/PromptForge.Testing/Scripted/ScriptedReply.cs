using Microsoft.Extensions.AI;

namespace PromptForge.Testing;

/// <summary>
/// One reply of a <see cref="ScriptedChatClient"/>: a text, a complete <see cref="ChatResponse"/>, or an exception to throw;
/// optionally with its own token usage and latency. Strings, responses and exceptions convert to it implicitly.
/// </summary>
public sealed class ScriptedReply
{
    private ScriptedReply(string? text, ChatResponse? response, Exception? exception)
    {
        Text = text;
        Response = response;
        Exception = exception;
    }

    /// <summary>Gets the reply text, when the reply is a text.</summary>
    public string? Text { get; }

    /// <summary>Gets the complete response, when the reply is a response.</summary>
    public ChatResponse? Response { get; }

    /// <summary>Gets the exception thrown by the call, when the reply is a failure.</summary>
    public Exception? Exception { get; }

    /// <summary>Gets the input tokens reported for this reply.</summary>
    /// <value>The default is <see langword="null"/>: the client's <see cref="ScriptedChatClient.UsageCalculator"/> decides.</value>
    public long? InputTokens { get; private init; }

    /// <summary>Gets the output tokens reported for this reply.</summary>
    /// <value>The default is <see langword="null"/>: the client's <see cref="ScriptedChatClient.UsageCalculator"/> decides.</value>
    public long? OutputTokens { get; private init; }

    /// <summary>Gets the time the call takes before it answers.</summary>
    /// <value>The default is <see langword="null"/>: the client's <see cref="ScriptedChatClient.Latency"/>.</value>
    public TimeSpan? Latency { get; private init; }

    /// <summary>Creates a reply that answers with <paramref name="text"/>.</summary>
    /// <param name="text">The assistant's text.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static ScriptedReply FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(text, null, null);
    }

    /// <summary>Creates a reply that answers with <paramref name="response"/> as it is.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    public static ScriptedReply FromResponse(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new(null, response, null);
    }

    /// <summary>Creates a reply that makes the call throw <paramref name="exception"/>.</summary>
    /// <param name="exception">The exception to throw.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static ScriptedReply Throw(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(null, null, exception);
    }

    /// <summary>Converts a text to a reply.</summary>
    /// <param name="text">The assistant's text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static implicit operator ScriptedReply(string text) => FromText(text);

    /// <summary>Converts a response to a reply.</summary>
    /// <param name="response">The response.</param>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    public static implicit operator ScriptedReply(ChatResponse response) => FromResponse(response);

    /// <summary>Converts an exception to a failing reply.</summary>
    /// <param name="exception">The exception to throw.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static implicit operator ScriptedReply(Exception exception) => Throw(exception);

    /// <summary>Returns a copy of this reply that reports the given token usage.</summary>
    /// <param name="inputTokens">The input tokens to report.</param>
    /// <param name="outputTokens">The output tokens to report.</param>
    /// <returns>The new reply.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public ScriptedReply WithUsage(long inputTokens, long outputTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);
        return new(Text, Response, Exception) { InputTokens = inputTokens, OutputTokens = outputTokens, Latency = Latency };
    }

    /// <summary>Returns a copy of this reply that takes <paramref name="latency"/> (on the client's clock) before answering.</summary>
    /// <param name="latency">The latency.</param>
    /// <returns>The new reply.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="latency"/> is negative.</exception>
    public ScriptedReply WithLatency(TimeSpan latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        return new(Text, Response, Exception) { InputTokens = InputTokens, OutputTokens = OutputTokens, Latency = latency };
    }
}
