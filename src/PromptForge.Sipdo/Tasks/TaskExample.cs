namespace PromptForge.Sipdo;

/// <summary>One real, labeled example of a task.</summary>
public sealed class TaskExample
{
    /// <summary>Initializes a new instance of the <see cref="TaskExample"/> class.</summary>
    /// <param name="id">A stable id (for example the record number in the source file).</param>
    /// <param name="input">The input the task model answers.</param>
    /// <param name="target">The expected answer.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/>, <paramref name="input"/> or <paramref name="target"/> is null, empty or white space.</exception>
    public TaskExample(string id, string input, string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        Id = id;
        Input = input;
        Target = target;
        AcceptedAnswers = [target];
    }

    /// <summary>Gets the stable id of the example.</summary>
    public string Id { get; }

    /// <summary>Gets the input the task model answers.</summary>
    public string Input { get; }

    /// <summary>Gets the expected answer.</summary>
    public string Target { get; }

    /// <summary>Gets every answer accepted as correct (for example "three" and "3"); always starts with <see cref="Target"/>.</summary>
    /// <value>Defaults to a list holding only <see cref="Target"/>.</value>
    public IReadOnlyList<string> AcceptedAnswers
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value.Count > 0 && string.Equals(value[0], Target, StringComparison.Ordinal) ? value : [Target, .. value.Where(v => v != Target)];
        }
    }

    /// <summary>Gets the choices of this example when the task lists them per example (for example BIG-bench <c>target_scores</c> keys).</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public IReadOnlyList<string>? Choices { get; init; }
}
