namespace PromptForge;

/// <summary>A prompt loop's configuration is invalid; lists every problem found, not only the first.</summary>
public sealed class PromptLoopValidationException : PromptForgeException
{
    /// <summary>Initializes a new instance of the <see cref="PromptLoopValidationException"/> class.</summary>
    public PromptLoopValidationException()
        : this(["The prompt loop configuration is invalid."])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PromptLoopValidationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public PromptLoopValidationException(string? message)
        : this([message ?? "The prompt loop configuration is invalid."])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PromptLoopValidationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PromptLoopValidationException(string? message, Exception? innerException)
        : base(message, innerException)
    {
        Problems = [message ?? string.Empty];
    }

    /// <summary>Initializes a new instance of the <see cref="PromptLoopValidationException"/> class.</summary>
    /// <param name="problems">Every problem found.</param>
    public PromptLoopValidationException(IReadOnlyList<string> problems)
        : base(FormatMessage(problems))
    {
        Problems = problems ?? [];
    }

    /// <summary>Gets every problem found.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string FormatMessage(IReadOnlyList<string>? problems) =>
        problems is null || problems.Count == 0
            ? "The prompt loop configuration is invalid."
            : $"The prompt loop configuration has {problems.Count} problem(s):" + Environment.NewLine
              + string.Join(Environment.NewLine, problems.Select(p => "  - " + p));
}
