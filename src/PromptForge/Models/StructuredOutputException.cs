namespace PromptForge;

/// <summary>A model's reply could not be parsed into the requested structure, even after one repair attempt.</summary>
public sealed class StructuredOutputException : PromptForgeException
{
    /// <summary>Initializes a new instance of the <see cref="StructuredOutputException"/> class.</summary>
    public StructuredOutputException()
        : this(ModelRole.Critic, string.Empty, "Structured output was invalid.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StructuredOutputException"/> class.</summary>
    /// <param name="message">The message.</param>
    public StructuredOutputException(string? message)
        : this(ModelRole.Critic, string.Empty, message ?? "Structured output was invalid.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StructuredOutputException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StructuredOutputException(string? message, Exception? innerException)
        : base(message, innerException)
    {
        Role = ModelRole.Critic;
        RawText = string.Empty;
        Error = message ?? string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="StructuredOutputException"/> class.</summary>
    /// <param name="role">The role whose reply was invalid.</param>
    /// <param name="rawText">The last raw reply text.</param>
    /// <param name="error">What was wrong with it.</param>
    /// <param name="innerException">The parse exception, if any.</param>
    public StructuredOutputException(ModelRole role, string rawText, string error, Exception? innerException = null)
        : base($"The {role.Tag} reply was not valid structured output after one repair attempt: {error}", innerException)
    {
        Role = role;
        RawText = rawText ?? string.Empty;
        Error = error ?? string.Empty;
    }

    /// <summary>Gets the role whose reply was invalid.</summary>
    public ModelRole Role { get; }

    /// <summary>Gets the last raw reply text, kept so nothing the model said is lost.</summary>
    public string RawText { get; }

    /// <summary>Gets what was wrong with the reply.</summary>
    public string Error { get; }
}
