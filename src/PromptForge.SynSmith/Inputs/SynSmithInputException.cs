namespace PromptForge.SynSmith;

/// <summary>
/// Thrown when a SynSmith input (attribute schema, configuration file, real examples) is invalid.
/// Lists every problem found, each with its file, line and field.
/// </summary>
public sealed class SynSmithInputException : PromptForgeException
{
    /// <summary>Initializes a new instance of the <see cref="SynSmithInputException"/> class.</summary>
    public SynSmithInputException()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SynSmithInputException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public SynSmithInputException(string message)
        : base(message)
    {
        Problems = [];
    }

    /// <summary>Initializes a new instance of the <see cref="SynSmithInputException"/> class with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SynSmithInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>Initializes a new instance of the <see cref="SynSmithInputException"/> class from the problems found.</summary>
    /// <param name="problems">Every problem found.</param>
    /// <exception cref="ArgumentNullException"><paramref name="problems"/> is <see langword="null"/>.</exception>
    public SynSmithInputException(IReadOnlyList<InputProblem> problems)
        : base(FormatMessage(problems))
    {
        Problems = problems;
    }

    /// <summary>Gets every problem found.</summary>
    public IReadOnlyList<InputProblem> Problems { get; }

    private static string FormatMessage(IReadOnlyList<InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count switch
        {
            0 => "The SynSmith input is invalid.",
            1 => "The SynSmith input is invalid: " + problems[0],
            _ => $"The SynSmith input has {problems.Count} problems:" + Environment.NewLine
                 + string.Join(Environment.NewLine, problems.Select(p => "  " + p)),
        };
    }
}
