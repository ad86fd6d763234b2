using PromptForge.Cli.Experiments;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Tests.TestSupport;

namespace PromptForge.Cli.Tests.Commands;

[Collection(nameof(ToyLoopCommand))]
public sealed class ExperimentCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pf-exp-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Experiment_ConditionsBySeeds_RunsEveryCellAndWritesOneTableWithIntervals()
    {
        var cli = new CliHarness(_root) { ExtraCommands = [ToyLoopCommand.Create] };

        int exit = await cli.RunAsync("experiment", "toy", "--iterations", "1", "--conditions", "small,large", "--seeds", "1,2");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        string runs = Path.Combine(_root, "runs");
        Directory.GetDirectories(runs).Count(d => Path.GetFileName(d).StartsWith("experiment-", StringComparison.Ordinal)).ShouldBe(4);
        string[] csv = File.ReadAllLines(Directory.GetFiles(runs, "experiment-*.csv").Single());
        csv[0].ShouldBe("condition,figure,mean,ci95_low,ci95_high,n,missing");
        csv.Count(l => l.StartsWith("small,mean_length,", StringComparison.Ordinal) && l.EndsWith(",2,0", StringComparison.Ordinal)).ShouldBe(1);
        csv.Count(l => l.StartsWith("large,mean_length,", StringComparison.Ordinal)).ShouldBe(1);
        cli.Out.ToString().ShouldContain("SIMULATED");
    }

    [Fact]
    public async Task Experiment_LambdaList_SweepsOptimizeOneColumnPerValue()
    {
        var cli = new CliHarness(_root);
        string datasets = Path.Combine(AppContext.BaseDirectory, "TestData");

        int exit = await cli.RunAsync("experiment", "optimize", "bbh:causal_judgement", "--datasets", datasets, "--levels", "1", "--lambda", "0,4", "--seeds", "1");

        exit.ShouldBe(ExitCodes.Success, cli.Error.ToString() + cli.Out);
        string runs = Path.Combine(_root, "runs");
        string[] csv = File.ReadAllLines(Directory.GetFiles(runs, "experiment-*.csv").Single());
        csv.ShouldContain(l => l.StartsWith("lambda=0,", StringComparison.Ordinal));
        csv.ShouldContain(l => l.StartsWith("lambda=4,", StringComparison.Ordinal));
        foreach ((string slug, double lambda) in new[] { ("lambda-0", 0.0), ("lambda-4", 4.0) })
        {
            string run = Directory.GetDirectories(runs).Single(d => Path.GetFileName(d).EndsWith($"-{slug}-s1", StringComparison.Ordinal));
            System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!["sipdo"]!["lambda"]!.GetValue<double>().ShouldBe(lambda);
        }
    }

    [Fact]
    public async Task Experiment_BadLambda_ExitCode2()
    {
        var cli = new CliHarness(_root) { ExtraCommands = [ToyLoopCommand.Create] };

        int exit = await cli.RunAsync("experiment", "toy", "--lambda", "0,x", "--seeds", "1");

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("--lambda");
    }

    [Fact]
    public async Task Experiment_BadSeed_ExitCode2()
    {
        var cli = new CliHarness(_root) { ExtraCommands = [ToyLoopCommand.Create] };

        int exit = await cli.RunAsync("experiment", "toy", "--seeds", "1,x");

        exit.ShouldBe(ExitCodes.InputError);
        cli.Error.ToString().ShouldContain("--seeds");
    }

    [Fact]
    public void Cell_KnownValues_MeanAndStudentTInterval()
    {
        ExperimentCell cell = ExperimentTable.Cell([1.0, 2.0, 3.0], missing: 0);

        cell.Mean.ShouldBe(2.0);
        // sd = 1, t(0.975, 2) = 4.302653, half-width = 4.302653 / sqrt(3) = 2.484138.
        cell.Low!.Value.ShouldBe(2.0 - 2.484138, 1e-5);
        cell.High!.Value.ShouldBe(2.0 + 2.484138, 1e-5);
    }

    [Fact]
    public void Cell_SingleValue_HasNoInterval()
    {
        ExperimentTable.Cell([0.7], missing: 2).Low.ShouldBeNull();
    }
}
