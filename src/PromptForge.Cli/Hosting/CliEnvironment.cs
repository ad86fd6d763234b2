using Spectre.Console;

namespace PromptForge.Cli.Hosting;

/// <summary>
/// What a command may touch outside its arguments: output writers, environment variables, the clock and the working
/// directory. Tests substitute every part, so commands run in-process against string writers.
/// </summary>
internal sealed class CliEnvironment
{
    private IAnsiConsole? _console;

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required Func<string, string?> GetEnvironmentVariable { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Gets a value indicating whether standard output is a file or pipe rather than a terminal.</summary>
    public bool IsOutputRedirected { get; init; }

    /// <summary>Gets a value indicating whether to print plain lines instead of live progress: output is redirected, or CI is set.</summary>
    public bool PlainOutput => IsOutputRedirected || GetEnvironmentVariable("CI") is { Length: > 0 } ci && !ci.Equals("false", StringComparison.OrdinalIgnoreCase) && ci != "0";

    /// <summary>Gets a Spectre console over <see cref="Out"/>: colors and live widgets on a terminal, plain text otherwise.</summary>
    public IAnsiConsole Console => _console ??= CreateConsole();

    public static CliEnvironment FromProcess() => new()
    {
        Out = System.Console.Out,
        Error = System.Console.Error,
        GetEnvironmentVariable = Environment.GetEnvironmentVariable,
        IsOutputRedirected = System.Console.IsOutputRedirected,
    };

    /// <summary>Resolves a path given on the command line against the working directory.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);

    /// <summary>A path to print in a command the user may copy: relative to the working directory when inside it.</summary>
    public string DisplayPath(string path)
    {
        string relative = Path.GetRelativePath(WorkingDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private IAnsiConsole CreateConsole()
    {
        bool plain = PlainOutput;
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (plain)
        {
            console.Profile.Width = 120;
        }

        return console;
    }
}
