namespace PromptForge.SynSmith;

/// <summary>
/// Collects the problems of one input file so they are reported together. Keeps the first
/// <see cref="MaxListed"/> and only counts the rest, so a file of a million bad keys stays small in memory.
/// </summary>
internal sealed class ProblemCollector(string file, int maxListed = 20)
{
    private readonly List<InputProblem> _problems = [];

    public string File { get; } = file;

    public int MaxListed { get; } = maxListed;

    public IReadOnlyList<InputProblem> Problems => _problems;

    /// <summary>Gets how many problems were found beyond <see cref="MaxListed"/>.</summary>
    public int Unlisted { get; private set; }

    public bool HasProblems => _problems.Count > 0;

    /// <summary>Gets a value indicating whether the list is full (further problems are only counted).</summary>
    public bool IsFull => _problems.Count >= MaxListed;

    public void Add(int? line, string? field, string message) => Add(new InputProblem(File, line, field, message));

    public void AddRange(IEnumerable<InputProblem> problems)
    {
        foreach (var problem in problems)
        {
            Add(problem);
        }
    }

    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new SynSmithInputException(_problems.ToArray(), Unlisted);
        }
    }

    private void Add(InputProblem problem)
    {
        if (IsFull)
        {
            Unlisted++;
        }
        else
        {
            _problems.Add(problem);
        }
    }
}
