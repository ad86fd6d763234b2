using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;

namespace PromptForge.Sipdo;

/// <summary>Loads tasks from benchmark files: BIG-Bench Hard, BIG-bench <c>task.json</c>, Logic-LM, MMLU-style CSV and generic JSON lines.</summary>
public static class TaskFiles
{
    /// <summary>Loads a task file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="options">Loading options; <see langword="null"/> detects the format and infers the answer format.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The task with every record as a real example; split it with <see cref="TaskDefinition.SplitHeldOut(int, int)"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    /// <exception cref="ValidationException"><paramref name="options"/> is invalid (every problem is listed).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TaskFileException">The file is larger than <see cref="TaskFileOptions.MaxFileBytes"/>, is not valid UTF-8 (line and byte offset named), has an unknown shape or a bad record (the file and the first bad record are named).</exception>
    public static Task<TaskDefinition> LoadAsync(string path, TaskFileOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new TaskFileOptions();
        Validate(options);
        cancellationToken.ThrowIfCancellationRequested();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The task file does not exist.", path);
        }

        string text;
        try
        {
            // Strict UTF-8 under a size limit: a bad byte is refused with its place, never replaced by U+FFFD and sent to a model.
            text = StrictTextFile.ReadAllText(path, options.MaxFileBytes, nameof(TaskFileOptions.MaxFileBytes));
        }
        catch (InputFileException ex)
        {
            throw new TaskFileException(path, null, ex.Line is { } line ? string.Create(CultureInfo.InvariantCulture, $"line {line}: {ex.Problem}") : ex.Problem, ex);
        }

        return Task.FromResult(Parse(path, text, options));
    }

    /// <summary>Parses task file content already in memory.</summary>
    /// <param name="path">The file path or name (used for format detection, the default task name, and error messages).</param>
    /// <param name="content">The file content.</param>
    /// <param name="options">Loading options; <see langword="null"/> detects the format and infers the answer format.</param>
    /// <returns>The task.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is <see langword="null"/>.</exception>
    /// <exception cref="ValidationException"><paramref name="options"/> is invalid.</exception>
    /// <exception cref="TaskFileException">The content has an unknown shape or a bad record.</exception>
    public static TaskDefinition Parse(string path, string content, TaskFileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(content);
        options ??= new TaskFileOptions();
        Validate(options);
        var format = options.Format;
        var extension = Path.GetExtension(path);
        if (format == TaskFileFormat.MmluCsv || (format == TaskFileFormat.Auto && extension.Equals(".csv", StringComparison.OrdinalIgnoreCase)))
        {
            return MmluCsvTaskReader.Read(path, content, options);
        }

        if (format == TaskFileFormat.Jsonl || (format == TaskFileFormat.Auto && extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase)))
        {
            return JsonlTaskReader.Read(path, content, options);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new TaskFileException(path, null, $"not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            format = format == TaskFileFormat.Auto ? Detect(path, root) : format;
            return format switch
            {
                TaskFileFormat.BigBenchHard => BigBenchTaskReader.Read(path, root, options, hard: true),
                TaskFileFormat.BigBench => BigBenchTaskReader.Read(path, root, options, hard: false),
                TaskFileFormat.LogicLm => LogicLmTaskReader.Read(path, root, options),
                _ => throw new TaskFileException(path, null, $"the format {format} is not a JSON format"),
            };
        }
    }

    private static TaskFileFormat Detect(string path, JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return TaskFileFormat.LogicLm;
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("examples", out var examples) && examples.ValueKind == JsonValueKind.Array)
        {
            var bigBench = root.TryGetProperty("name", out _) || root.TryGetProperty("description", out _) || root.TryGetProperty("metrics", out _)
                || examples.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("target_scores", out _));
            return bigBench ? TaskFileFormat.BigBench : TaskFileFormat.BigBenchHard;
        }

        throw new TaskFileException(path, null, "unknown shape: expected an object with 'examples' (BIG-bench / BIG-Bench Hard), an array of Logic-LM records, .csv (MMLU) or .jsonl");
    }

    private static void Validate(TaskFileOptions options)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new ValidationException($"Invalid {nameof(TaskFileOptions)}: {string.Join("; ", results.Select(r => r.ErrorMessage))}");
        }
    }
}
