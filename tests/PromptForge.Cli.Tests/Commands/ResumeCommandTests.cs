using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

/// <summary><c>promptforge resume</c>: from any point (iteration 1 included), one writer per run, runs it cannot resume refused with exit 2.</summary>
[Collection(nameof(ToyLoopCommand))]
public sealed class ResumeCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pf-resume-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private CliHarness Cli() => new CliHarness(_root) { ExtraCommands = [ToyLoopCommand.Create] };

    private string SingleRun() => Directory.GetDirectories(Path.Combine(_root, "runs")).Single(d => !Path.GetFileName(d).StartsWith('.'));

    [Fact]
    public async Task Resume_CancelledDuringIterationOne_PrintedCommandCompletesTheRun()
    {
        CliHarness cli = Cli();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        ToyLoopCommand.CancelSource = cancel;
        ToyLoopCommand.CancelAtIteration = 1;
        int exit;
        try
        {
            exit = await cli.RunAsync(cancel.Token, "toy", "--iterations", "2");
        }
        finally
        {
            ToyLoopCommand.CancelSource = null;
            ToyLoopCommand.CancelAtIteration = int.MaxValue;
        }

        exit.ShouldBe(ExitCodes.Cancelled, cli.Error.ToString() + cli.Out);
        string relativeRun = Path.GetRelativePath(_root, SingleRun());
        cli.Error.ToString().ShouldContain($"promptforge resume {relativeRun}");

        int resumed = await cli.RunAsync("resume", relativeRun);

        resumed.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(SingleRun(), "manifest.json")))!;
        manifest["status"]!.GetValue<string>().ShouldBe("Completed");
        manifest["metric_history"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Resume_WhileAnotherProcessWritesTheRun_ExitCode2NamingTheHolder()
    {
        CliHarness cli = Cli();
        (await cli.RunAsync("toy", "--iterations", "1")).ShouldBe(ExitCodes.Success, cli.Error.ToString());
        string run = SingleRun();
        var store = new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = Path.GetDirectoryName(run)! });

        await using (await store.AcquireWriterLockAsync(Path.GetFileName(run), TestContext.Current.CancellationToken))
        {
            int exit = await cli.RunAsync("resume", run);

            exit.ShouldBe(ExitCodes.InputError, cli.Error.ToString());
            cli.Error.ToString().ShouldContain($"process {Environment.ProcessId}");
            cli.Error.ToString().ShouldNotContain("   at ");
        }
    }

    [Fact]
    public async Task Resume_CheckpointOfAnOlderFormat_ExitCode2WithClearMessage()
    {
        CliHarness cli = Cli();
        (await cli.RunAsync("toy", "--iterations", "1")).ShouldBe(ExitCodes.Success, cli.Error.ToString());
        string run = SingleRun();
        File.WriteAllText(Path.Combine(run, "checkpoint.json"), "{\"format_version\":1,\"run_id\":\"x\",\"iteration\":1}");

        int exit = await cli.RunAsync("resume", run);

        exit.ShouldBe(ExitCodes.InputError, cli.Error.ToString());
        cli.Error.ToString().ShouldContain("format 1");
        cli.Error.ToString().ShouldNotContain("   at ");
    }
}
