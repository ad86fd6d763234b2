using System.CommandLine;
using System.Globalization;
using PromptForge.Sipdo;
using PromptForge.SynSmith;

namespace PromptForge.Cli.Hosting;

/// <summary>
/// The size limits of the files and texts a command reads (<c>--limit name=value</c>, repeatable). A file over its
/// limit is refused before it is read, with a message naming the file and the limit to raise.
/// </summary>
internal sealed class InputLimits
{
    public const string OptionName = "--limit";

    /// <summary>The limits by their command-line name: (default, the library property a message names, description).</summary>
    private static readonly (string Name, long Default, string Property, string Description)[] Known =
    [
        ("config-bytes", 1L << 20, nameof(SynSmithInputLimits.MaxConfigBytes), "a SynSmith config file"),
        ("schema-bytes", 1L << 20, nameof(SynSmithInputLimits.MaxSchemaBytes), "an attribute schema file"),
        ("examples-bytes", 64L << 20, nameof(SynSmithInputLimits.MaxRealExamplesBytes), "a real-examples or test-split file"),
        ("example-line-bytes", 64L << 10, nameof(SynSmithInputLimits.MaxRealExampleLineBytes), "one line (example) of a real-examples file"),
        ("task-bytes", 32L << 20, nameof(TaskFileOptions.MaxFileBytes), "a task file"),
        ("prompt-chars", 64L << 10, nameof(SynSmithInputLimits.MaxPromptChars), "a prompt (initial_prompt, --initial-prompt, --prompt, --prompt-file, a task description)"),
        ("problems", 20, nameof(SynSmithInputLimits.MaxListedProblems), "problems listed per file (the rest are counted)"),
    ];

    private readonly Dictionary<string, long> _values;

    private InputLimits(Dictionary<string, long> values) => _values = values;

    public static InputLimits Default { get; } = new(Known.ToDictionary(k => k.Name, k => k.Default, StringComparer.Ordinal));

    public long ConfigBytes => _values["config-bytes"];

    public long SchemaBytes => _values["schema-bytes"];

    public long ExamplesBytes => _values["examples-bytes"];

    public int ExampleLineBytes => (int)Math.Min(int.MaxValue, _values["example-line-bytes"]);

    public long TaskBytes => _values["task-bytes"];

    public int PromptChars => (int)Math.Min(int.MaxValue, _values["prompt-chars"]);

    public int Problems => (int)Math.Min(int.MaxValue, _values["problems"]);

    public static Option<string[]> CreateOption() => new(OptionName)
    {
        Description = "Raise or lower an input size limit, e.g. --limit config-bytes=4M (repeatable). Names: "
            + string.Join(", ", Known.Select(k => $"{k.Name} ({Format(k.Name, k.Default)})")) + ".",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Parses the <c>--limit</c> values over the defaults; a bad name or value is a <see cref="CliInputException"/>.</summary>
    public static InputLimits Parse(IEnumerable<string>? values)
    {
        var limits = new Dictionary<string, long>(Default._values, StringComparer.Ordinal);
        foreach (string value in values ?? [])
        {
            int equals = value.IndexOf('=', StringComparison.Ordinal);
            string name = equals > 0 ? value[..equals].Trim() : value.Trim();
            if (!limits.ContainsKey(name))
            {
                throw new CliInputException($"unknown limit '{name}' (known: {string.Join(", ", Known.Select(k => k.Name))}).", field: OptionName);
            }

            if (equals < 0 || ParseSize(value[(equals + 1)..].Trim()) is not { } size || size < 1)
            {
                throw new CliInputException($"'{value}' is not name=size with a positive size (e.g. {name}=4M; suffixes K, M, G are powers of 1024).", field: OptionName);
            }

            limits[name] = size;
        }

        return new InputLimits(limits);
    }

    public SynSmithInputLimits ToSynSmith() => new()
    {
        MaxConfigBytes = ConfigBytes,
        MaxSchemaBytes = SchemaBytes,
        MaxRealExamplesBytes = ExamplesBytes,
        MaxRealExampleLineBytes = ExampleLineBytes,
        MaxPromptChars = PromptChars,
        MaxListedProblems = Problems,
    };

    /// <summary>Refuses a prompt longer than <see cref="PromptChars"/>, naming where it came from.</summary>
    public string CheckPrompt(string prompt, string? file, string field)
    {
        if (prompt.Length > PromptChars)
        {
            throw new CliInputException(
                string.Create(CultureInfo.InvariantCulture, $"the prompt is {prompt.Length:N0} characters; the limit is {PromptChars:N0} (raise it with --limit prompt-chars=N)."),
                file,
                field: field);
        }

        return prompt;
    }

    /// <summary>Turns a library limit name in a message (<c>(MaxConfigBytes)</c>) into the option that raises it.</summary>
    public static string Explain(string message)
    {
        foreach ((string name, _, string property, _) in Known)
        {
            message = message.Replace($"({property})", $"(raise it with {OptionName} {name}=N)", StringComparison.Ordinal);
        }

        return message;
    }

    private static string Format(string name, long value) =>
        name is "problems" or "prompt-chars" ? value.ToString(CultureInfo.InvariantCulture) : StrictTextFile.FormatSize(value).Replace(" ", string.Empty, StringComparison.Ordinal);

    private static long? ParseSize(string text)
    {
        long multiplier = 1;
        string digits = text;
        if (text.Length > 0 && char.ToUpperInvariant(text[^1]) is 'K' or 'M' or 'G' && !char.IsDigit(text[^1]))
        {
            multiplier = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
            digits = text[..^1];
        }

        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long number) && number <= long.MaxValue / multiplier
            ? number * multiplier
            : null;
    }
}
