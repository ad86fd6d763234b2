namespace PromptForge.SynSmith;

/// <summary>Collects every problem of one input file so they are reported together.</summary>
internal sealed class ProblemCollector(string file)
{
    private readonly List<InputProblem> _problems = [];

    public string File { get; } = file;

    public IReadOnlyList<InputProblem> Problems => _problems;

    public bool HasProblems => _problems.Count > 0;

    public void Add(int? line, string? field, string message) => _problems.Add(new InputProblem(File, line, field, message));

    public void AddRange(IEnumerable<InputProblem> problems) => _problems.AddRange(problems);

    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new SynSmithInputException(_problems.ToArray());
        }
    }
}
