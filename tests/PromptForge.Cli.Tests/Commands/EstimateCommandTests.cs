using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

[Collection(nameof(ToyLoopCommand))]
public sealed class EstimateCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pf-est-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Estimate_ToyRun_PrintsCallsTokensAndCostPerRoleWithoutWritingOrSending()
    {
        File.WriteAllText(Path.Combine(_root, "prices.yaml"), "models:\n  gpt-4o-mini: { input: 0.15, output: 0.60 }\n");
        var cli = new CliHarness(_root) { ExtraCommands = [ToyLoopCommand.Create] };

        int exit = await cli.RunAsync("estimate", "toy", "--iterations", "2", "--provider", "openai", "--model", "gpt-4o-mini", "--prices", "prices.yaml");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        string output = cli.Out.ToString();
        output.ShouldContain("nothing was sent");
        string generatorRow = output.Split('\n').Single(l => l.TrimStart().StartsWith("generator", StringComparison.Ordinal));
        generatorRow.ShouldContain("gpt-4o-mini");
        generatorRow.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2].ShouldBe("4");   // 2 iterations x 2 samples
        output.ShouldContain("USD");
        Directory.Exists(Path.Combine(_root, "runs")).ShouldBeFalse();
    }

    [Fact]
    public async Task Estimate_BadPriceTable_ExitCode2()
    {
        File.WriteAllText(Path.Combine(_root, "prices.yaml"), "models:\n  m: { input: cheap, output: 1 }\n");
        var cli = new CliHarness(_root) { ExtraCommands = [ToyLoopCommand.Create] };

        int exit = await cli.RunAsync("estimate", "toy", "--prices", "prices.yaml");

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("prices.yaml:2:");
        cli.Error.ToString().ShouldContain("models.m.input");
    }

    [Fact]
    public async Task Estimate_NoCommand_ExitCode2()
    {
        var cli = new CliHarness(_root);

        (await cli.RunAsync("estimate")).ShouldBe(ExitCodes.InputError);
    }
}
