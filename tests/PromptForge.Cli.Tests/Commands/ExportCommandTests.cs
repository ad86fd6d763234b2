using System.Text.Json;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

public sealed class ExportCommandTests
{
    [Fact]
    public async Task Export_Jsonl_WritesEverySampleWithVerdicts()
    {
        using var run = new RunFolderFixture(iterations: 3);
        var cli = new CliHarness(run.Root);

        int exit = await cli.RunAsync("export", run.RunDirectory, "--format", "jsonl");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString());
        string[] lines = File.ReadAllLines(Path.Combine(run.RunDirectory, "samples.jsonl"));
        lines.Length.ShouldBe(6);
        using JsonDocument second = JsonDocument.Parse(lines[1]);
        second.RootElement.GetProperty("id").GetString().ShouldBe("i001-s0002");
        second.RootElement.GetProperty("passed").GetBoolean().ShouldBeFalse();
        second.RootElement.GetProperty("verdicts")[0].GetProperty("failed_attributes")[0].GetString().ShouldBe("style");
        cli.Out.ToString().ShouldContain("SIMULATED");
    }

    [Fact]
    public async Task Export_CsvToStdout_QuotesFieldsAndFlattensAttributes()
    {
        using var run = new RunFolderFixture(iterations: 1);
        var cli = new CliHarness(run.Root);

        int exit = await cli.RunAsync("export", run.RunDirectory, "--format", "csv", "--out", "-");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString());
        string[] rows = cli.Out.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        rows[0].ShouldBe("id,iteration,input,expected,attr_intent,attr_style,passed,failed_critics");
        rows[1].ShouldBe("i001-s0001,1,\"my card was charged twice, \"\"refund\"\" please\",refund_request,refund_request,informal,true,");
        rows[2].ShouldEndWith(",false,attribute_verifier");
    }

    [Fact]
    public async Task Export_UnknownFormat_ExitCode2()
    {
        using var run = new RunFolderFixture();
        var cli = new CliHarness(run.Root);

        int exit = await cli.RunAsync("export", run.RunDirectory, "--format", "xml");

        exit.ShouldBe(ExitCodes.InputError);
        File.Exists(Path.Combine(run.RunDirectory, "samples.xml")).ShouldBeFalse();
    }
}
