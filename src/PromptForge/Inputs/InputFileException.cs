using System.Globalization;

namespace PromptForge;

/// <summary>
/// An input file could not be read as text: it is larger than its limit, or it is not valid UTF-8. Names the file
/// and, for invalid UTF-8, the line and the byte offset of the first bad byte.
/// </summary>
public sealed class InputFileException : PromptForgeException
{
    /// <summary>Initializes a new instance of the <see cref="InputFileException"/> class.</summary>
    /// <param name="filePath">The file that could not be read.</param>
    /// <param name="line">The 1-based line of the problem, or <see langword="null"/> for the file as a whole.</param>
    /// <param name="byteOffset">The 0-based byte offset of the problem in the file, or <see langword="null"/> for the file as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    /// <exception cref="ArgumentNullException"><paramref name="filePath"/> or <paramref name="problem"/> is <see langword="null"/>.</exception>
    public InputFileException(string filePath, int? line, long? byteOffset, string problem, Exception? innerException = null)
        : base(Compose(filePath, line, byteOffset, problem), innerException)
    {
        FilePath = filePath;
        Line = line;
        ByteOffset = byteOffset;
        Problem = problem;
    }

    /// <summary>Gets the file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>Gets the 1-based line of the problem, or <see langword="null"/> for the file as a whole.</summary>
    public int? Line { get; }

    /// <summary>Gets the 0-based byte offset of the problem in the file, or <see langword="null"/> for the file as a whole.</summary>
    public long? ByteOffset { get; }

    /// <summary>Gets what is wrong (without the file name).</summary>
    public string Problem { get; }

    private static string Compose(string filePath, int? line, long? byteOffset, string problem)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(problem);
        return line is { } n ? string.Create(CultureInfo.InvariantCulture, $"{filePath}:{n}: {problem}") : $"{filePath}: {problem}";
    }
}
