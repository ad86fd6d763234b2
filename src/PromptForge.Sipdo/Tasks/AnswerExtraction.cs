namespace PromptForge.Sipdo;

/// <summary>
/// The answer found in a model output: the normalized answer, or the reason no answer could be read.
/// An unparseable output is graded as wrong and the reason is kept.
/// </summary>
public readonly record struct AnswerExtraction
{
    private AnswerExtraction(string? answer, string? failureReason)
    {
        Answer = answer;
        FailureReason = failureReason;
    }

    /// <summary>Gets the normalized answer, or <see langword="null"/> when none was found.</summary>
    public string? Answer { get; }

    /// <summary>Gets why no answer was found; <see langword="null"/> on success.</summary>
    public string? FailureReason { get; }

    /// <summary>Gets a value indicating whether an answer was found.</summary>
    public bool IsSuccess => Answer is not null;

    /// <summary>Creates a successful extraction.</summary>
    /// <param name="answer">The normalized answer.</param>
    /// <returns>The extraction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is <see langword="null"/>.</exception>
    public static AnswerExtraction Found(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new AnswerExtraction(answer, null);
    }

    /// <summary>Creates a failed extraction.</summary>
    /// <param name="reason">Why no answer could be read (for example "no option letter found").</param>
    /// <returns>The extraction.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null, empty or white space.</exception>
    public static AnswerExtraction Unparseable(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new AnswerExtraction(null, reason);
    }

    /// <inheritdoc />
    public override string ToString() => Answer ?? $"unparseable ({FailureReason})";
}
