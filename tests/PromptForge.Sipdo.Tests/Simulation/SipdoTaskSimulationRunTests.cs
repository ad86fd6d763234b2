using System.Globalization;
using System.Text;
using PromptForge.Simulation;
using PromptForge.Sipdo.Tests.Tasks;

namespace PromptForge.Sipdo.Tests.Simulation;

/// <summary>
/// SIPDO on the any-task simulator, per task family the project loads: short runs keep verified items at most levels,
/// rewrites are adopted, answers parse, and the held-out accuracies of the optimized and initial prompts differ on at
/// least one of two seeds. Properties, not scripted outcomes.
/// </summary>
public sealed class SipdoTaskSimulationRunTests
{
    private const int Levels = 5;

    public static TheoryData<string> Families => ["bbh_multiple_choice", "bbh_short_inputs", "bigbench_yes_no", "mmlu_csv", "logiclm"];

    [Theory]
    [MemberData(nameof(Families))]
    public async Task RunAsync_TaskFamilyOnTheSimulator_KeepsItemsAtMostLevelsAndTheOptimizedPromptDiffersFromTheInitial(string family)
    {
        var task = await LoadAsync(family);
        var runs = new List<(RunResult Run, PromptComparison Comparison)>();
        foreach (var seed in new[] { 1, 2 })
        {
            runs.Add(await RunAsync(task, seed));
        }

        foreach (var (run, comparison) in runs)
        {
            var levels = run.MetricHistory.Where(h => h.Level is { } l && !SipdoCurricula.IsSelection(l)).ToList();
            levels.Count(h => h.SampleCount > 0).ShouldBeGreaterThan(Levels / 2, $"{family}: most levels keep a verified item");
            comparison.Simulated.ShouldBeTrue();
            foreach (var baseline in comparison.Evaluations.Where(e => e.Name is "zero_shot" or "chain_of_thought"))
            {
                baseline.Unparseable.ShouldBe(0, $"{family}: a prompt that states the output format gets answers in the task's format");
            }
        }

        runs.ShouldContain(r => r.Run.MetricHistory.Any(h => h.Decision == PromptUpdateDecision.Accepted), $"{family}: a rewrite fixes errors");
        runs.ShouldContain(r => Accuracy(r.Comparison, "optimized") != Accuracy(r.Comparison, "initial"), $"{family}: the optimized and initial prompts differ on held-out items");
        runs.Select(r => string.Join(",", r.Comparison.Evaluations.Select(e => e.Accuracy.Successes)) + "/" + r.Run.Usage.Total.Calls)
            .Distinct().Count().ShouldBe(2, $"{family}: two seeds give different figures");
    }

    [Fact]
    public async Task RunAsync_SeveralTasksAndSeeds_GlobalConfirmationCatchesARegression()
    {
        // A stated rule may overreach on another skill or a rewrite may drop an old rule: somewhere global confirmation must see it.
        var reasons = new List<string>();
        foreach (var family in new[] { "bbh_multiple_choice", "bigbench_yes_no" })
        {
            var task = await LoadAsync(family);
            foreach (var seed in new[] { 1, 2, 3 })
            {
                var (run, _) = await RunAsync(task, seed, levels: 8);
                reasons.AddRange(run.PromptHistory.Select(p => p.StatusReason ?? string.Empty));
            }
        }

        reasons.ShouldContain(r => r.StartsWith("global confirmation failed", StringComparison.Ordinal), string.Join(" | ", reasons.Distinct()));
    }

    private static double Accuracy(PromptComparison comparison, string name) => comparison.Evaluations.Single(e => e.Name == name).Accuracy.Estimate;

    private static async Task<(RunResult Run, PromptComparison Comparison)> RunAsync(TaskDefinition task, int seed, int levels = Levels)
    {
        using var client = new SimulatedChatClient(new SimulatedChatClientOptions { Seed = seed, Behaviors = { SipdoSimulation.CreateBehavior(task) } });
        var run = await PromptLoop.Create()
            .WithChatClient(client)
            .WithSeed(seed)
            .UseSipdo(task, o => o.Levels = levels)
            .Build()
            .RunAsync(task.Description, TestContext.Current.CancellationToken);
        var comparison = await new SipdoEvaluator(client.AsModelGateway(), task)
            .CompareWithBaselinesAsync(run.BestPrompt.Text, task.Description, TestContext.Current.CancellationToken);
        return (run, comparison);
    }

    private static async Task<TaskDefinition> LoadAsync(string family)
    {
        var ct = TestContext.Current.CancellationToken;
        return family switch
        {
            "bbh_multiple_choice" => (await TaskFiles.LoadAsync(TestDataFiles.PathOf("bbh", "logical_deduction_three_objects.json"), cancellationToken: ct)).SplitHeldOut(60, 7),
            "bbh_short_inputs" => (await TaskFiles.LoadAsync(TestDataFiles.PathOf("bbh", "boolean_expressions.json"), cancellationToken: ct)).SplitHeldOut(60, 7),
            "bigbench_yes_no" => (await TaskFiles.LoadAsync(TestDataFiles.PathOf("bigbench-promptagent", "causal_judgement.json"), cancellationToken: ct)).SplitHeldOut(50, 7),
            "mmlu_csv" => TaskFiles.Parse("college_computer_science_test.csv", MmluCsv()).SplitHeldOut(40, 7),
            "logiclm" => (await TaskFiles.LoadAsync(TestDataFiles.PathOf("proofwriter", "dev.json"), cancellationToken: ct)).SplitHeldOut(60, 7),
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
        };
    }

    /// <summary>An MMLU-style CSV (question, four options, answer letter) with varied topics, written for the test.</summary>
    private static string MmluCsv()
    {
        string[] topics = ["hash table", "binary tree", "stack", "queue", "graph search", "sorting", "compiler", "cache memory"];
        string[] asks = ["Which statement about the {0} is correct?", "What is the worst-case cost of an operation on a {0}?", "Which property does a {0} guarantee, assuming a standard implementation and no concurrent updates?"];
        var random = new Random(11);
        var csv = new StringBuilder();
        for (var i = 0; i < 120; i++)
        {
            var question = string.Format(CultureInfo.InvariantCulture, asks[i % asks.Length], topics[random.Next(topics.Length)]) + $" (case {i})";
            var options = Enumerable.Range(0, 4).Select(o => $"option {o} of case {i}");
            csv.Append('"').Append(question).Append("\",").AppendJoin(',', options).Append(',').Append((char)('A' + random.Next(4))).Append('\n');
        }

        return csv.ToString();
    }
}
