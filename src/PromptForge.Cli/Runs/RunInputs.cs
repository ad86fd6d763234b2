using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Runs;

/// <summary>
/// The input files a run reads (config, schema, real examples, test split, task file, prompt file), frozen with the run:
/// a new run records each file's SHA-256 in config.json (<c>cli.inputs</c>) and keeps a copy under <c>inputs/</c> in its
/// folder; a resumed run reads those copies (from any working directory) and reports originals that changed since.
/// </summary>
internal sealed class RunInputs
{
    /// <summary>The run folder's subfolder that holds the copies.</summary>
    public const string Folder = "inputs";

    /// <summary>The key of the input records in config.json's <c>cli</c> section.</summary>
    public const string ConfigKey = "inputs";

    private readonly List<RunInput> _inputs = [];
    private readonly string? _runDirectory;

    private RunInputs(string? runDirectory) => _runDirectory = runDirectory;

    /// <summary>Gets a value indicating whether these are a resumed run's frozen inputs (paths lead to the copies).</summary>
    public bool IsFrozen => _runDirectory is not null;

    public IReadOnlyList<RunInput> Inputs => _inputs;

    /// <summary>The inputs of a new run, recorded as the command reads them.</summary>
    public static RunInputs ForNewRun() => new(runDirectory: null);

    /// <summary>
    /// The frozen inputs of the run in <paramref name="runDirectory"/> (read from its config.json), or an empty frozen
    /// set for a run recorded before inputs were frozen (its commands then read the original paths as before).
    /// </summary>
    public static RunInputs ForResumedRun(string runDirectory)
    {
        var inputs = new RunInputs(runDirectory);
        string configPath = Path.Combine(runDirectory, RunFolderReader.ConfigFile);
        if (!File.Exists(configPath))
        {
            return inputs;
        }

        JsonNode? config;
        try
        {
            config = JsonNode.Parse(File.ReadAllBytes(configPath));
        }
        catch (JsonException ex)
        {
            throw new CliInputException($"the run's config record is not valid JSON: {ex.Message}", configPath, (int?)ex.LineNumber + 1, innerException: ex);
        }

        if (config?["cli"]?[ConfigKey] is not JsonArray records)
        {
            return inputs;
        }

        foreach (JsonNode? record in records)
        {
            if (record?["role"]?.GetValue<string>() is { } role && record["copy"]?.GetValue<string>() is { } copy && record["sha256"]?.GetValue<string>() is { } sha)
            {
                inputs._inputs.Add(new RunInput(role, record["path"]?.GetValue<string>(), copy, sha, record["bytes"]?.GetValue<long>() ?? 0, record["outside_config_folder"]?.GetValue<bool>() ?? false));
            }
        }

        return inputs;
    }

    /// <summary>The file to read for <paramref name="role"/>: a resumed run's frozen copy when it has one, else <paramref name="originalPath"/>.</summary>
    public string PathFor(string role, string originalPath) =>
        _runDirectory is not null && _inputs.FirstOrDefault(i => i.Role == role) is { } input
            ? Path.Combine(_runDirectory, input.Copy.Replace('/', Path.DirectorySeparatorChar))
            : originalPath;

    /// <summary>Gets a value indicating whether a resumed run has a frozen copy of <paramref name="role"/>.</summary>
    public bool HasCopy(string role) => _runDirectory is not null && _inputs.Any(i => i.Role == role);

    /// <summary>
    /// A new run: records <paramref name="path"/> (its content and hash) as the input <paramref name="role"/>. A file over
    /// <paramref name="maxBytes"/> is not read: the reader refuses it. Does nothing for a resumed run.
    /// </summary>
    /// <param name="role">What the file is (config, schema, real_examples, task, ...).</param>
    /// <param name="path">The file's full path.</param>
    /// <param name="maxBytes">The file's size limit.</param>
    /// <param name="configDirectory">The folder of the config that named the file, when it was named by one: a file outside its tree is flagged.</param>
    public void Record(string role, string path, long maxBytes, string? configDirectory = null)
    {
        if (IsFrozen || !File.Exists(path) || new FileInfo(path).Length > maxBytes)
        {
            return;
        }

        byte[] content = File.ReadAllBytes(path);
        string copy = $"{Folder}/{role}/{Path.GetFileName(path)}";
        bool outside = configDirectory is not null && IsOutside(configDirectory, path);
        _inputs.RemoveAll(i => i.Role == role);
        _inputs.Add(new RunInput(role, path, copy, Sha256(content), content.LongLength, outside) { Content = content });
    }

    /// <summary>A new run: records a text given on the command line (e.g. <c>--initial-prompt</c>) as an input with a copy.</summary>
    public void RecordText(string role, string text)
    {
        if (IsFrozen)
        {
            return;
        }

        byte[] content = System.Text.Encoding.UTF8.GetBytes(text);
        _inputs.RemoveAll(i => i.Role == role);
        _inputs.Add(new RunInput(role, null, $"{Folder}/{role}/{role}.txt", Sha256(content), content.LongLength, OutsideConfigFolder: false) { Content = content });
    }

    /// <summary>The records for config.json's <c>cli.inputs</c>: role, original path, copy, SHA-256, size, and whether a config's path left its folder tree.</summary>
    public JsonArray ToJson()
    {
        var records = new JsonArray();
        foreach (RunInput input in _inputs)
        {
            var record = new JsonObject
            {
                ["role"] = input.Role,
                ["path"] = input.OriginalPath,
                ["copy"] = input.Copy,
                ["sha256"] = input.Sha256,
                ["bytes"] = input.Bytes,
            };
            if (input.OutsideConfigFolder)
            {
                record["outside_config_folder"] = true;
            }

            records.Add(record);
        }

        return records;
    }

    /// <summary>The inputs named by a config that lie outside the config's folder tree.</summary>
    public IEnumerable<RunInput> OutsideConfigFolder => _inputs.Where(i => i.OutsideConfigFolder);

    /// <summary>A resumed run: one line per original file that changed (or disappeared) since the run started.</summary>
    public IReadOnlyList<string> ChangedOriginals()
    {
        var notes = new List<string>();
        foreach (RunInput input in _inputs.Where(i => i.OriginalPath is not null))
        {
            string original = input.OriginalPath!;
            if (!File.Exists(original))
            {
                notes.Add($"note: {original} ({input.Role}) no longer exists; the run continues with its frozen copy {input.Copy}.");
            }
            else if (!string.Equals(Sha256(File.ReadAllBytes(original)), input.Sha256, StringComparison.Ordinal))
            {
                notes.Add($"note: {original} ({input.Role}) changed since the run started; the run continues with its frozen copy {input.Copy} (start a new run to use the edited file).");
            }
        }

        return notes;
    }

    /// <summary>A new run: writes the copies into the run (called once its folder exists).</summary>
    /// <summary>The run-relative paths and contents of the input copies, to be written with a run's first files.</summary>
    public IEnumerable<KeyValuePair<string, ReadOnlyMemory<byte>>> Copies() =>
        _inputs.Where(i => i.Content is not null).Select(i => KeyValuePair.Create(i.Copy, (ReadOnlyMemory<byte>)i.Content!));

    public async Task WriteCopiesAsync(IRunStore store, string runId, CancellationToken cancellationToken)
    {
        foreach (RunInput input in _inputs.Where(i => i.Content is not null))
        {
            await store.WriteFileAsync(runId, input.Copy, input.Content, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsOutside(string directory, string path)
    {
        string relative = Path.GetRelativePath(Path.GetFullPath(directory), Path.GetFullPath(path));
        return relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative);
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}

/// <summary>One input file of a run.</summary>
/// <param name="Role">What the file is (config, schema, real_examples, test_split, task, prompt_file, initial_prompt).</param>
/// <param name="OriginalPath">The full path it was read from; null for a text given on the command line.</param>
/// <param name="Copy">The run-relative path of the frozen copy.</param>
/// <param name="Sha256">The SHA-256 of the content, lower-case hex.</param>
/// <param name="Bytes">The content's size.</param>
/// <param name="OutsideConfigFolder">Whether a config named this file outside the config's folder tree.</param>
internal sealed record RunInput(string Role, string? OriginalPath, string Copy, string Sha256, long Bytes, bool OutsideConfigFolder)
{
    /// <summary>Gets the content to copy (a new run only).</summary>
    public byte[]? Content { get; init; }
}
