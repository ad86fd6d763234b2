namespace PromptForge.Sipdo;

/// <summary>The grade of one model output against the expected answer of a task example.</summary>
/// <param name="IsCorrect">Whether the extracted answer matches an accepted answer.</param>
/// <param name="Extraction">What was read from the output (the normalized answer or the reason it could not be read).</param>
/// <param name="Expected">The normalized expected answer.</param>
public readonly record struct AnswerGrade(bool IsCorrect, AnswerExtraction Extraction, string Expected)
{
    /// <summary>Gets why the output was graded wrong, or <see langword="null"/> when it is correct.</summary>
    public string? Reason => IsCorrect
        ? null
        : Extraction.IsSuccess
            ? $"answered '{Extraction.Answer}', expected '{Expected}'"
            : $"unparseable: {Extraction.FailureReason}";
}
