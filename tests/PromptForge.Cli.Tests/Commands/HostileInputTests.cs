using System.Text;
using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

/// <summary>
/// Bad input of every kind: exit code 2, a message naming the file, line or field, no stack trace, and nothing written
/// to --out (no run folder).
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const string Key = "sk-test-HOSTILE0123456789abcdef";
    private static readonly string SynSmithData = Path.Combine(AppContext.BaseDirectory, "TestData", "synsmith", "customer_support");
    private static readonly string TaskFile = Path.Combine(AppContext.BaseDirectory, "TestData", "bbh", "causal_judgement.json");
    private readonly string _root = Directory.CreateTempSubdirectory("pf-hostile-").FullName;

    public HostileInputTests()
    {
        foreach (string file in Directory.GetFiles(SynSmithData))
        {
            File.Copy(file, Path.Combine(_root, Path.GetFileName(file)));
        }
    }

    public void Dispose()
    {
        if (!OperatingSystem.IsWindows())
        {
            foreach (string directory in Directory.GetDirectories(_root, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        Directory.Delete(_root, recursive: true);
    }

    private string RunsFolder => Path.Combine(_root, "runs");

    private static void ShouldBeInputError(int exit, CliHarness cli, params string[] named)
    {
        string error = cli.Error.ToString();
        exit.ShouldBe(ExitCodes.InputError, error + cli.Out);
        error.ShouldStartWith("error: ");
        error.ShouldNotContain("   at ");          // no stack trace
        error.ShouldNotContain("Unhandled exception");
        foreach (string part in named)
        {
            error.ShouldContain(part);
        }
    }

    private void NothingWritten() => Directory.Exists(RunsFolder).ShouldBeFalse();

    private string WriteTask(string name, Func<JsonArray, IEnumerable<JsonNode>> pick)
    {
        JsonObject task = JsonNode.Parse(File.ReadAllText(TaskFile))!.AsObject();
        JsonArray examples = task["examples"]!.AsArray();
        task["examples"] = new JsonArray(pick(examples).Select(e => e.DeepClone()).ToArray());
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, task.ToJsonString());
        return path;
    }

    [Fact]
    public async Task Synthesize_OutIsAFile_ExitCode2NamesOutAndWritesNothing()
    {
        File.WriteAllText(Path.Combine(_root, "outfile"), "keep");
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--out", "outfile");

        ShouldBeInputError(exit, cli, "outfile", "--out", "is a file");
        File.ReadAllText(Path.Combine(_root, "outfile")).ShouldBe("keep");
    }

    [Fact]
    public async Task Synthesize_OutIsReadOnly_ExitCode2NamesOut()
    {
        if (OperatingSystem.IsWindows())
        {
            return;   // Unix file modes and /proc: the Windows equivalent (ACLs) goes through the same write check
        }

        string readOnly = Path.Combine(_root, "readonly");
        Directory.CreateDirectory(readOnly);
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        bool modeHonoured;
        try
        {
            File.WriteAllText(Path.Combine(readOnly, "probe"), "x");
            modeHonoured = false;   // root ignores file modes: use a folder no one may write instead
        }
        catch (UnauthorizedAccessException)
        {
            modeHonoured = true;
        }

        string target = modeHonoured ? readOnly : "/proc";
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--out", target);

        ShouldBeInputError(exit, cli, target, "--out", "cannot be written");
        if (modeHonoured)
        {
            Directory.GetFileSystemEntries(readOnly).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Synthesize_RunIdThatExists_ExitCode2NamesRunIdAndLeavesTheRunUntouched()
    {
        var cli = new CliHarness(_root);
        (await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4", "--run-id", "taken")).ShouldBe(ExitCodes.Success, cli.Error.ToString());
        string run = Path.Combine(RunsFolder, "taken");
        Dictionary<string, string> before = Directory.GetFiles(run, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4", "--run-id", "taken");

        ShouldBeInputError(exit, cli, "--run-id", "'taken' already exists", "promptforge resume");
        Directory.GetFiles(run, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText).ShouldBe(before);
    }

    [Theory]
    [InlineData("manifest.json")]
    [InlineData("checkpoint.json")]
    public async Task Resume_TruncatedRunFile_ExitCode2NamesFileAndLineAndChangesNothing(string file)
    {
        var cli = new CliHarness(_root);
        (await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4", "--run-id", "cut")).ShouldBe(ExitCodes.Success, cli.Error.ToString());
        string run = Path.Combine(RunsFolder, "cut");
        string path = Path.Combine(run, file);
        File.WriteAllText(path, File.ReadAllText(path)[..60]);
        Dictionary<string, string> before = Directory.GetFiles(run, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);

        int exit = await cli.RunAsync("resume", run);

        ShouldBeInputError(exit, cli, Path.Combine("runs", "cut", file) + ":", "not valid JSON");
        Directory.GetFiles(run, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText).ShouldBe(before);
    }

    [Fact]
    public async Task Resume_TruncatedConfigRecord_ExitCode2NamesTheFileAndChangesNothing()
    {
        var cli = new CliHarness(_root);
        (await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--samples-per-iteration", "4", "--run-id", "cut")).ShouldBe(ExitCodes.Success, cli.Error.ToString());
        string run = Path.Combine(RunsFolder, "cut");
        string path = Path.Combine(run, "config.json");
        File.WriteAllText(path, File.ReadAllText(path)[..60]);
        Dictionary<string, string> before = Directory.GetFiles(run, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);

        int exit = await cli.RunAsync("resume", run);

        ShouldBeInputError(exit, cli, Path.Combine("runs", "cut", "config.json"));
        Directory.GetFiles(run, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText).ShouldBe(before);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Optimize_TaskWithTooFewExamplesForTheSplit_ExitCode2NamesTaskAndCounts(int count)
    {
        string task = WriteTask("tiny.json", examples => examples.Take(count)!);
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("optimize", task, "--levels", "1");

        ShouldBeInputError(exit, cli, "tiny.json", "field 'examples'", $"the task has {count} labeled example", "at least 2 to optimize on and 1 held out");
        NothingWritten();
    }

    [Fact]
    public async Task Optimize_TaskWithASingleLabelClass_ExitCode2UnlessAllowSingleClass()
    {
        string task = WriteTask("yes_only.json", examples => examples.Where(e => e!["target"]!.GetValue<string>() == "Yes").Take(10)!);
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("optimize", task, "--levels", "1");

        ShouldBeInputError(exit, cli, "yes_only.json", "every labeled example has the answer 'yes'", "--allow-single-class");
        NothingWritten();
        (await cli.RunAsync("optimize", task, "--levels", "1", "--allow-single-class")).ShouldBe(ExitCodes.Success, cli.Error.ToString());
    }

    [Fact]
    public async Task Synthesize_ConfigOverTheSizeLimit_ExitCode2BeforeReadingIt()
    {
        // 2 MiB of unknown keys: refused by size, not parsed into millions of problems.
        var yaml = new StringBuilder(File.ReadAllText(Path.Combine(_root, "config.yaml")));
        for (int i = 0; yaml.Length < 2 << 20; i++)
        {
            yaml.Append("unknown_key_").Append(i).Append(": 1\n");
        }

        File.WriteAllText(Path.Combine(_root, "big.yaml"), yaml.ToString());
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "big.yaml");

        ShouldBeInputError(exit, cli, "big.yaml", "the limit is 1 MiB", "--limit config-bytes=");
        cli.Error.ToString().Length.ShouldBeLessThan(1000);
        NothingWritten();
    }

    [Fact]
    public async Task Synthesize_ConfigWithThousandsOfUnknownKeys_ListsTwentyAndCountsTheRest()
    {
        var yaml = new StringBuilder(File.ReadAllText(Path.Combine(_root, "config.yaml")));
        for (int i = 0; i < 5000; i++)
        {
            yaml.Append("unknown_key_").Append(i).Append(": 1\n");
        }

        File.WriteAllText(Path.Combine(_root, "typos.yaml"), yaml.ToString());
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "typos.yaml");

        ShouldBeInputError(exit, cli, "5,000 problems:", "and 4,980 more", "field 'unknown_key_0': unknown key");
        cli.Error.ToString().Split('\n').Count(l => l.Contains("unknown key", StringComparison.Ordinal)).ShouldBe(20);
        NothingWritten();
    }

    [Theory]
    [InlineData("config.yaml")]
    [InlineData("real_examples.jsonl")]
    [InlineData("schema.yaml")]
    public async Task Synthesize_InvalidUtf8InAnInput_ExitCode2NamesFileLineAndByteOffset(string file)
    {
        string path = Path.Combine(_root, file);
        byte[] content = File.ReadAllBytes(path);
        int secondLine = Array.IndexOf(content, (byte)'\n') + 1;
        byte[] broken = [.. content[..(secondLine + 2)], 0xC3, 0x28, .. content[(secondLine + 2)..]];
        File.WriteAllBytes(path, broken);
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1");

        ShouldBeInputError(exit, cli, $"{file}:2:", $"invalid UTF-8 at byte offset {secondLine + 2}");
        NothingWritten();
    }

    [Fact]
    public async Task Optimize_InvalidUtf8InTheTaskFile_ExitCode2NamesFileLineAndByteOffset()
    {
        byte[] content = File.ReadAllBytes(TaskFile);
        int offset = Array.IndexOf(content, (byte)'\n') + 1;
        byte[] broken = [.. content[..offset], 0xFF, .. content[offset..]];
        string task = Path.Combine(_root, "broken.json");
        File.WriteAllBytes(task, broken);
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("optimize", task, "--levels", "1");

        ShouldBeInputError(exit, cli, "broken.json:2:", $"invalid UTF-8 at byte offset {offset}");
        NothingWritten();
    }

    [Fact]
    public async Task Evaluate_InvalidUtf8PromptFile_ExitCode2NamesFileLineAndByteOffset()
    {
        File.WriteAllBytes(Path.Combine(_root, "prompt.txt"), [.. "Answer yes or no.\nThink "u8, 0xE2, 0x82, .. " first."u8]);
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("evaluate", TaskFile, "--prompt-file", "prompt.txt");

        ShouldBeInputError(exit, cli, "prompt.txt:2:", "invalid UTF-8 at byte offset 24", "--prompt-file");
    }

    [Fact]
    public async Task Synthesize_InitialPromptOverTheLimit_ExitCode2NamesField()
    {
        string config = File.ReadAllText(Path.Combine(_root, "config.yaml"));
        string huge = new('x', 70_000);
        File.WriteAllText(Path.Combine(_root, "config.yaml"), config.Replace("initial_prompt: |", "initial_prompt: |\n  " + huge, StringComparison.Ordinal));
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1");

        ShouldBeInputError(exit, cli, "config.yaml:", "field 'initial_prompt'", "the limit is 65,536", "--limit prompt-chars=");
        NothingWritten();
    }

    [Fact]
    public async Task Optimize_InitialPromptOverTheLimit_ExitCode2NamesOption()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("optimize", TaskFile, "--levels", "1", "--initial-prompt", new string('y', 1000), "--limit", "prompt-chars=500");

        ShouldBeInputError(exit, cli, "field '--initial-prompt'", "1,000 characters", "the limit is 500");
        NothingWritten();
    }

    [Fact]
    public async Task Optimize_TaskFileOverTheLimit_ExitCode2NamesFileAndLimit()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("optimize", TaskFile, "--levels", "1", "--limit", "task-bytes=1K");

        ShouldBeInputError(exit, cli, "causal_judgement.json", "the limit is 1 KiB", "--limit task-bytes=");
        NothingWritten();
    }

    [Fact]
    public async Task Synthesize_RealExampleLineOverTheLimit_ExitCode2NamesLine()
    {
        string path = Path.Combine(_root, "real_examples.jsonl");
        File.AppendAllText(path, new JsonObject { ["text"] = new string('z', 3000), ["label"] = "refund_request" }.ToJsonString() + "\n");
        int line = File.ReadAllLines(path).Length;
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "1", "--limit", "example-line-bytes=2K");

        ShouldBeInputError(exit, cli, $"real_examples.jsonl:{line}:", "longer than the limit of 2,048 bytes", "--limit example-line-bytes=");
        NothingWritten();
    }

    [Fact]
    public async Task Synthesize_BadLimitOption_ExitCode2NamesOption()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--limit", "config-bytes=lots");

        ShouldBeInputError(exit, cli, "field '--limit'", "config-bytes=lots");
        NothingWritten();
    }

    [Fact]
    public async Task Synthesize_ConfigPathsOutsideItsFolder_RecordedInTheRunsConfigRecord()
    {
        string configFolder = Path.Combine(_root, "configs");
        Directory.CreateDirectory(configFolder);
        string config = File.ReadAllText(Path.Combine(_root, "config.yaml"))
            .Replace("schema_path: examples/customer_support/schema.yaml", "schema_path: ../schema.yaml", StringComparison.Ordinal)
            .Replace("real_examples_path: examples/customer_support/real_examples.jsonl", "real_examples_path: ../real_examples.jsonl", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(configFolder, "config.yaml"), config);
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("synthesize", Path.Combine("configs", "config.yaml"), "--iterations", "1", "--samples-per-iteration", "4", "--run-id", "outside");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString());
        JsonArray inputs = JsonNode.Parse(File.ReadAllText(Path.Combine(RunsFolder, "outside", "config.json")))!["cli"]!["inputs"]!.AsArray();
        inputs.Where(i => i!["outside_config_folder"]?.GetValue<bool>() == true).Select(i => i!["role"]!.GetValue<string>())
            .ShouldBe(["schema", "real_examples"], ignoreOrder: true);
        inputs.Single(i => i!["role"]!.GetValue<string>() == "config")!["outside_config_folder"].ShouldBeNull();
        cli.Error.ToString().ShouldContain($"the config names {Path.Combine(_root, "schema.yaml")} (schema), outside the config's folder");
    }

    [Fact]
    public async Task Synthesize_ApiKeyPastedIntoThePrompt_NoFileOfTheRunHoldsIt()
    {
        string config = File.ReadAllText(Path.Combine(_root, "config.yaml"));
        File.WriteAllText(Path.Combine(_root, "config.yaml"), config.Replace("initial_prompt: |", $"initial_prompt: |\n  Use key {Key} for lookups.", StringComparison.Ordinal));
        var cli = new CliHarness(_root).WithVariable("OPENAI_API_KEY", Key);

        int exit = await cli.RunAsync("synthesize", "config.yaml", "--iterations", "2", "--samples-per-iteration", "4", "--run-id", "keyed");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString());
        string run = Path.Combine(RunsFolder, "keyed");
        string[] files = Directory.GetFiles(run, "*", SearchOption.AllDirectories);
        files.ShouldContain(f => f.EndsWith(Path.Combine("iter_001", "prompt.txt"), StringComparison.Ordinal));
        files.Where(f => File.ReadAllText(f).Contains(Key, StringComparison.Ordinal)).ShouldBeEmpty();
        File.ReadAllText(Path.Combine(run, "iter_001", "prompt.txt")).ShouldContain("Use key [redacted] for lookups.");
    }
}
