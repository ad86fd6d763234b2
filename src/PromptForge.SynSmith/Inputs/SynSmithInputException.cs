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
        : this(problems, 0)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SynSmithInputException"/> class from the problems listed and a count of those left out.</summary>
    /// <param name="problems">The problems listed (the first ones found).</param>
    /// <param name="unlistedProblemCount">How many more problems were found but not listed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="problems"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unlistedProblemCount"/> is negative.</exception>
    public SynSmithInputException(IReadOnlyList<InputProblem> problems, int unlistedProblemCount)
        : base(FormatMessage(problems, unlistedProblemCount))
    {
        Problems = problems;
        UnlistedProblemCount = unlistedProblemCount;
    }

    /// <summary>Gets the problems found (at most <see cref="SynSmithInputLimits.MaxListedProblems"/> of one file).</summary>
    public IReadOnlyList<InputProblem> Problems { get; }

    /// <summary>Gets how many more problems were found than <see cref="Problems"/> lists.</summary>
    public int UnlistedProblemCount { get; }

    private static string FormatMessage(IReadOnlyList<InputProblem> problems, int unlisted)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentOutOfRangeException.ThrowIfNegative(unlisted);
        var more = unlisted > 0 ? Environment.NewLine + $"  and {unlisted} more" : string.Empty;
        return problems.Count switch
        {
            0 => "The SynSmith input is invalid.",
            1 when unlisted == 0 => "The SynSmith input is invalid: " + problems[0],
            _ => $"The SynSmith input has {problems.Count + unlisted} problems:" + Environment.NewLine
                 + string.Join(Environment.NewLine, problems.Select(p => "  " + p)) + more,
        };
    }
}
