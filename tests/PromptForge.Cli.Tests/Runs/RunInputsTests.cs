using System.Text.Json.Nodes;
using PromptForge.Cli.Runs;

namespace PromptForge.Cli.Tests.Runs;

public sealed class RunInputsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pf-inputs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, string content)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A run folder whose config.json records <paramref name="inputs"/> the way a new run does.</summary>
    private string RunFolder(RunInputs inputs)
    {
        string run = Path.Combine(_root, "runs", "r1");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "config.json"), new JsonObject { ["cli"] = new JsonObject { ["inputs"] = inputs.ToJson() } }.ToJsonString());
        foreach (RunInput input in inputs.Inputs)
        {
            string copy = Path.Combine(run, input.Copy);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.WriteAllBytes(copy, input.Content!);
        }

        return run;
    }

    [Fact]
    public void ChangedOriginals_EditedAndDeletedFiles_OneNoteEachUnchangedSilent()
    {
        string config = Write("cfg/config.yaml", "a: 1\n");
        string schema = Write("cfg/schema.yaml", "attributes: {}\n");
        string examples = Write("cfg/real.jsonl", "{}\n");
        RunInputs recorded = RunInputs.ForNewRun();
        recorded.Record("config", config, 1024);
        recorded.Record("schema", schema, 1024);
        recorded.Record("real_examples", examples, 1024);
        string run = RunFolder(recorded);
        File.WriteAllText(schema, "attributes: {x: [a]}\n");
        File.Delete(examples);

        RunInputs frozen = RunInputs.ForResumedRun(run);
        IReadOnlyList<string> notes = frozen.ChangedOriginals();

        notes.Count.ShouldBe(2);
        notes[0].ShouldBe($"note: {schema} (schema) changed since the run started; the run continues with its frozen copy inputs/schema/schema.yaml (start a new run to use the edited file).");
        notes[1].ShouldContain($"{examples} (real_examples) no longer exists");
        frozen.PathFor("schema", schema).ShouldBe(Path.Combine(run, "inputs", "schema", "schema.yaml"));
        File.ReadAllText(frozen.PathFor("schema", schema)).ShouldBe("attributes: {}\n");
    }

    [Fact]
    public void Record_FileOutsideTheConfigFolderTree_IsFlaggedAndOverLimitFilesAreNotRead()
    {
        string inside = Write("cfg/sub/schema.yaml", "s");
        string outside = Write("elsewhere/real.jsonl", "r");
        string huge = Write("cfg/huge.jsonl", new string('h', 100));
        RunInputs inputs = RunInputs.ForNewRun();

        inputs.Record("schema", inside, 1024, Path.Combine(_root, "cfg"));
        inputs.Record("real_examples", outside, 1024, Path.Combine(_root, "cfg"));
        inputs.Record("test_split", huge, 10);

        inputs.Inputs.Select(i => (i.Role, i.OutsideConfigFolder)).ShouldBe([("schema", false), ("real_examples", true)]);
        inputs.ToJson()[1]!["outside_config_folder"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void ForResumedRun_RunRecordedBeforeInputsWereFrozen_FallsBackToTheOriginalPaths()
    {
        string run = Path.Combine(_root, "old-run");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "config.json"), "{\"cli\": {\"provider\": \"simulator\"}}");

        RunInputs frozen = RunInputs.ForResumedRun(run);

        frozen.HasCopy("config").ShouldBeFalse();
        frozen.PathFor("config", "/original/config.yaml").ShouldBe("/original/config.yaml");
        frozen.ChangedOriginals().ShouldBeEmpty();
    }
}
