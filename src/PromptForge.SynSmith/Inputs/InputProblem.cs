using System.Globalization;

namespace PromptForge.SynSmith;

/// <summary>One problem found in a SynSmith input file (schema, configuration or real examples).</summary>
/// <param name="File">The file the problem is in.</param>
/// <param name="Line">The 1-based line of the problem, when known.</param>
/// <param name="Field">The field path (for example <c>attributes.intent</c>), when the problem concerns one field.</param>
/// <param name="Message">What is wrong.</param>
public sealed record InputProblem(string File, int? Line, string? Field, string Message)
{
    /// <summary>Formats the problem as <c>file(line): field: message</c>.</summary>
    /// <returns>The formatted problem.</returns>
    public override string ToString()
    {
        var location = Line is { } line ? string.Create(CultureInfo.InvariantCulture, $"{File}({line})") : File;
        return Field is null ? $"{location}: {Message}" : $"{location}: {Field}: {Message}";
    }
}
