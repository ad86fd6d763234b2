namespace PromptForge;

/// <summary>The exception thrown when a line of JSON Lines content, other than a torn last line, is invalid.</summary>
internal sealed class JsonLinesFormatException : PromptForgeException
{
    /// <summary>Initializes a new instance of the <see cref="JsonLinesFormatException"/> class.</summary>
    public JsonLinesFormatException()
        : this(null, 0, "The JSON Lines content is invalid.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonLinesFormatException"/> class.</summary>
    /// <param name="message">The message.</param>
    public JsonLinesFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonLinesFormatException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public JsonLinesFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonLinesFormatException"/> class.</summary>
    /// <param name="sourceName">The name of the content (such as a file path), if known.</param>
    /// <param name="lineNumber">The 1-based number of the invalid line.</param>
    /// <param name="error">What is wrong with the line.</param>
    public JsonLinesFormatException(string? sourceName, int lineNumber, string error)
        : base($"{sourceName ?? "JSON Lines content"}, line {lineNumber}: {error}")
    {
        SourceName = sourceName;
        LineNumber = lineNumber;
    }

    /// <summary>Gets the name of the content (such as a file path), if known.</summary>
    public string? SourceName { get; }

    /// <summary>Gets the 1-based number of the invalid line (0 when unknown).</summary>
    public int LineNumber { get; }
}
