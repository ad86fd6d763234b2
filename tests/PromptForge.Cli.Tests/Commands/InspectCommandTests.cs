using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

public sealed class InspectCommandTests
{
    [Fact]
    public async Task Inspect_SimulatedRun_PrintsStatusMetricsDiffsUsageAndSimulatedLabel()
    {
        using var run = new RunFolderFixture(simulated: true);
        var cli = new CliHarness(run.Root);

        int exit = await cli.RunAsync("inspect", run.RunDirectory);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString());
        string output = cli.Out.ToString();
        output.ShouldContain("run-20261121-abc");
        output.ShouldContain("Completed");
        output.ShouldContain("SIMULATED");
        output.ShouldContain("attribute_match_rate");
        output.ShouldContain("0.7");            // iteration 2's attribute_match_rate
        output.ShouldContain("n/m");            // iteration 2's discriminator_accuracy was not measured
        output.ShouldContain("+ Vary the tone.");
        output.ShouldContain("- Keep it short.");
        output.ShouldContain("why: Samples were too uniform in tone.");
        output.ShouldContain("synsmith.attribute_verifier");
        output.ShouldContain("120,000");
    }

    [Fact]
    public async Task Inspect_RealProviderRun_DoesNotClaimSimulation()
    {
        using var run = new RunFolderFixture(simulated: false);
        var cli = new CliHarness(run.Root);

        int exit = await cli.RunAsync("inspect", run.RunDirectory);

        exit.ShouldBe(ExitCodes.Success);
        cli.Out.ToString().ShouldNotContain("SIMULATED");
        cli.Out.ToString().ShouldContain("gpt-4o-mini");
    }

    [Fact]
    public async Task Inspect_RelativeRunDirectory_ResolvesAgainstWorkingDirectory()
    {
        using var run = new RunFolderFixture();
        var cli = new CliHarness(run.Root);

        int exit = await cli.RunAsync("inspect", "runs/run-20261121-abc");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString());
    }

    [Fact]
    public async Task Inspect_MissingFolder_ExitCode2NamingThePath()
    {
        using var run = new RunFolderFixture();
        var cli = new CliHarness(run.Root);

        int exit = await cli.RunAsync("inspect", "runs/nope");

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("runs/nope");
        cli.Error.ToString().ShouldContain("does not exist");
    }

    [Fact]
    public async Task Inspect_FolderWithoutManifest_ExitCode2SayingNotARun()
    {
        using var run = new RunFolderFixture();
        var cli = new CliHarness(run.Root);

        int exit = await cli.RunAsync("inspect", run.Root);

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("manifest.json");
    }

    [Fact]
    public async Task Inspect_CorruptManifest_ExitCode2NamingFileAndLine()
    {
        using var run = new RunFolderFixture();
        File.WriteAllText(Path.Combine(run.RunDirectory, "manifest.json"), "{\n  \"status\": \"Completed\",\n  \"metric_history\": [,]\n}");
        var cli = new CliHarness(run.Root);

        int exit = await cli.RunAsync("inspect", run.RunDirectory);

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("manifest.json:3:");
    }

    [Fact]
    public async Task Inspect_NoArguments_ExitCode2()
    {
        var cli = new CliHarness(Path.GetTempPath());

        int exit = await cli.RunAsync("inspect");

        exit.ShouldBe(ExitCodes.InputError);
    }
}
