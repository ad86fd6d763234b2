using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

public sealed class EvaluateCommandTests : IDisposable
{
    private static readonly string Datasets = Path.Combine(AppContext.BaseDirectory, "TestData");
    private readonly string _root = Directory.CreateTempSubdirectory("pf-eval-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Evaluate_PromptText_PrintsAccuracyWithIntervalsNextToBaselines()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("evaluate", "bbh:causal_judgement", "--datasets", Datasets, "--prompt", "Answer Yes or No.");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        string output = cli.Out.ToString();
        output.ShouldContain("9 examples");
        output.ShouldContain("zero_shot");
        output.ShouldContain("chain_of_thought");
        output.ShouldContain("/9");
        output.ShouldContain("SIMULATED");
    }

    [Fact]
    public async Task Evaluate_RunFolder_EvaluatesItsBestPrompt()
    {
        var cli = new CliHarness(_root);
        (await cli.RunAsync("optimize", "bbh:causal_judgement", "--datasets", Datasets, "--levels", "1")).ShouldBe(ExitCodes.Success, cli.Error.ToString());
        string run = Directory.GetDirectories(Path.Combine(_root, "runs")).Single(d => !Path.GetFileName(d).StartsWith('.'));

        int exit = await cli.RunAsync("evaluate", "bbh:causal_judgement", "--datasets", Datasets, "--run", run);

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        cli.Out.ToString().ShouldContain("best (v");
    }

    [Fact]
    public async Task Evaluate_NoPrompt_ExitCode2()
    {
        var cli = new CliHarness(_root);

        int exit = await cli.RunAsync("evaluate", "bbh:causal_judgement", "--datasets", Datasets);

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("--prompt");
    }
}
