using System.Text;

namespace PromptForge.Cli.Hosting;

/// <summary>
/// Bad input the user can fix (a missing file, bad YAML, an unknown key, an invalid schema or dataset): reported as one
/// message naming the file, line and field, with exit code 2 and nothing written.
/// </summary>
internal sealed class CliInputException : Exception
{
    public CliInputException(string message, string? file = null, int? line = null, string? field = null, Exception? innerException = null)
        : base(message, innerException)
    {
        File = file;
        Line = line;
        Field = field;
    }

    public string? File { get; }

    public int? Line { get; }

    public string? Field { get; }

    /// <summary>Formats as <c>file:line: field 'x': message</c>, leaving out the parts that are unknown.</summary>
    public string ToDisplayString()
    {
        var text = new StringBuilder();
        if (File is not null)
        {
            text.Append(File);
            if (Line is { } line)
            {
                text.Append(':').Append(line);
            }

            text.Append(": ");
        }

        if (Field is not null)
        {
            text.Append("field '").Append(Field).Append("': ");
        }

        return text.Append(Message).ToString();
    }
}
