namespace PromptForge.Sipdo;

/// <summary>A task file could not be read: unknown shape, missing field, or a bad record (named by number).</summary>
public sealed class TaskFileException : PromptForgeException
{
    /// <summary>Initializes a new instance of the <see cref="TaskFileException"/> class.</summary>
    /// <param name="filePath">The file that could not be read.</param>
    /// <param name="record">The 1-based number of the first bad record (line for CSV and JSON lines), or <see langword="null"/> for the file as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    /// <exception cref="ArgumentNullException"><paramref name="filePath"/> or <paramref name="problem"/> is <see langword="null"/>.</exception>
    public TaskFileException(string filePath, int? record, string problem, Exception? innerException = null)
        : base(Compose(filePath, record, problem), innerException)
    {
        FilePath = filePath;
        Record = record;
        Problem = problem;
    }

    /// <summary>Gets the file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>Gets the 1-based number of the first bad record, or <see langword="null"/> for the file as a whole.</summary>
    public int? Record { get; }

    /// <summary>Gets what is wrong.</summary>
    public string Problem { get; }

    private static string Compose(string filePath, int? record, string problem)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(problem);
        return record is { } n ? $"{filePath}: record {n}: {problem}" : $"{filePath}: {problem}";
    }
}
