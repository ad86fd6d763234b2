namespace PromptForge;

/// <summary>The base type of the exceptions PromptForge throws for its own failure modes.</summary>
public class PromptForgeException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PromptForgeException"/> class.</summary>
    public PromptForgeException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PromptForgeException"/> class.</summary>
    /// <param name="message">The message.</param>
    public PromptForgeException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PromptForgeException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PromptForgeException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
